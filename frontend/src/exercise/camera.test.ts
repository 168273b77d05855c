import { cameraConstraints, describeCameraError } from "./camera";

describe("describeCameraError", () => {
  it.each([
    ["NotAllowedError", "denied", /Allow/],
    ["SecurityError", "denied", /Allow/],
    ["NotFoundError", "missing", /Connect a camera/],
    ["OverconstrainedError", "missing", /Connect a camera/],
    ["NotReadableError", "busy", /Close it/],
    ["NotSupportedError", "unsupported", /up-to-date/],
    ["SomethingElse", "unknown", /Try again/],
  ])("turns %s into a %s message that says what to do", (name, kind, advice) => {
    const problem = describeCameraError(new DOMException("browser words", name));
    expect(problem.kind).toBe(kind);
    expect(problem.message).toMatch(advice);
  });

  it("copes with things that are not errors", () => {
    expect(describeCameraError("no").kind).toBe("unknown");
  });
});

describe("cameraConstraints", () => {
  it("asks for the camera's picture in the orientation the screen is held in", () => {
    expect(cameraConstraints(true).video).toMatchObject({ width: { ideal: 720 }, height: { ideal: 1280 } });
    expect(cameraConstraints(false).video).toMatchObject({ width: { ideal: 1280 }, height: { ideal: 720 } });
  });
});
