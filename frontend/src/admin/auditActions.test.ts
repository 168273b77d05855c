import document from "../../../docs/openapi.json";
import { AUDIT_ACTION_LABELS, auditActionLabel } from "./auditActions";

const openapi = document as unknown as {
  paths: Record<string, Record<string, { operationId: string; summary: string }>>;
};

describe("audit action names", () => {
  it("name every operation of the API as its summary says", () => {
    const operations = Object.values(openapi.paths).flatMap((methods) => Object.values(methods));
    const expected = Object.fromEntries(operations.map((operation) => [operation.operationId, operation.summary]));
    expect(AUDIT_ACTION_LABELS).toEqual(expected);
  });

  it("show an unknown action as it is", () => {
    expect(auditActionLabel("dashboard")).toBe("dashboard");
    expect(auditActionLabel("patients-get")).toBe("A patient's profile");
    expect(auditActionLabel("exercise-sessions-stream")).toBe("Exercise streamed live");
  });
});
