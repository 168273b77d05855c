import { render, screen } from "@testing-library/react";

import { freePlan } from "./plan";
import { flowReducer, initialFlow, type FlowEvent, type FlowState } from "./sessionFlow";
import { useSessionAnnouncer } from "./useSessionAnnouncer";

function Announcer({ flow }: { flow: FlowState }) {
  return useSessionAnnouncer(flow).region;
}

const said = () => screen.getByTestId("announcer").textContent?.replace("\u200b", "");

describe("what a screen reader hears during a session", () => {
  const run = (...events: FlowEvent[]) => events.reduce(flowReducer, initialFlow(freePlan("bicep-curl", "Curls")));
  const active = run({ type: "start" }, { type: "countdown-done" });

  it("says each rep against the goal, then the saved set", () => {
    const { rerender } = render(<Announcer flow={active} />);
    expect(said()).toBe("");
    const oneRep = { ...active, reps: 1 };
    rerender(<Announcer flow={oneRep} />);
    expect(said()).toBe("Rep 1 of 10");
    const saved = [{ type: "end-set" }, { type: "set-saved", detail: null }] satisfies FlowEvent[];
    rerender(<Announcer flow={saved.reduce(flowReducer, oneRep)} />);
    expect(said()).toBe("Set saved: 1 reps.");
  });

  it("says the same feedback again when a later rep earns it", () => {
    const { rerender } = render(<Announcer flow={{ ...active, feedback: "Go lower." }} />);
    expect(screen.getByTestId("announcer").textContent).toBe("Go lower.\u200b");
    rerender(<Announcer flow={{ ...active, feedback: "Go lower.", lastRep: { romDeg: 60, good: false } }} />);
    expect(screen.getByTestId("announcer").textContent).toBe("Go lower.");
  });

  it("says what to do when the joints are out of view", () => {
    render(<Announcer flow={{ ...active, outOfView: "Step back into view of the camera." }} />);
    expect(said()).toBe("Step back into view of the camera.");
  });
});
