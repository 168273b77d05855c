import type { SessionDetail, WorkoutSession } from "./live/protocol";
import { freePlan, type SessionPlan } from "./plan";
import {
  flowReducer,
  initialFlow,
  outOfViewInstruction,
  repProgress,
  unsavedWork,
  type FlowEvent,
  type FlowState,
} from "./sessionFlow";

const twoExercises: SessionPlan = {
  title: "Routine",
  weekPlanItemId: 5,
  exercises: [
    { exercise: "squat", side: null, sets: 2, reps: 10, targetRomDeg: 90, restSeconds: 30 },
    { exercise: "bicep-curl", side: "right", sets: 1, reps: 8, targetRomDeg: null, restSeconds: 30 },
  ],
};

function run(state: FlowState, ...events: FlowEvent[]): FlowState {
  return events.reduce(flowReducer, state);
}

const rep = (rom: number, band: "high" | "uncertain" = "high", index = 1): FlowEvent => ({
  type: "server",
  message: {
    type: "rep_completed",
    time: 2,
    index,
    start_time: 0,
    end_time: 2,
    range_of_motion_deg: rom,
    peak_angle_deg: 170,
    min_angle_deg: 170 - rom,
    duration_s: 2,
    side: "right",
    form_flags: [],
    confidence: band === "high" ? 1 : 0.2,
    confidence_band: band,
    good: rom >= 90,
  },
});

const detail = (reps: number, uncertain: number | null = 0): SessionDetail =>
  ({ reps_done: reps, rom_mean_deg: 95, uncertain_reps: uncertain }) as SessionDetail;

describe("flowReducer", () => {
  it("goes setup, countdown, active, and counts the reps the server sends", () => {
    let state = run(initialFlow(twoExercises), { type: "start" });
    expect(state.stage).toBe("countdown");
    state = run(state, rep(80)); // not counting yet
    expect(state.reps).toBe(0);
    state = run(state, { type: "countdown-done" }, rep(80), rep(100));
    expect(state.stage).toBe("active");
    expect(state.reps).toBe(2);
    expect(state.lastRep).toEqual({ romDeg: 100, good: true });
  });

  it("shows phase, feedback and out-of-view, and clears the last when back in view", () => {
    let state = run(initialFlow(twoExercises), { type: "start" }, { type: "countdown-done" });
    state = run(state, { type: "server", message: { type: "phase_changed", time: 1, phase: "down" } });
    state = run(state, {
      type: "server",
      message: { type: "form_feedback", time: 1, code: "shallow_squat", message: "go lower" },
    });
    state = run(state, {
      type: "server",
      message: {
        type: "out_of_view",
        time: 1,
        message: "step into view",
        missing_joints: ["right_knee", "right_ankle"],
      },
    });
    expect(state.phase).toBe("down");
    expect(state.feedback).toBe("Go lower.");
    expect(state.outOfView).toBe("Step back into view: the camera cannot see your right knee and right ankle.");
    state = run(state, { type: "server", message: { type: "in_view", time: 2 } });
    expect(state.outOfView).toBeNull();
  });

  it("shows one coaching message at a time: the newest replaces the last", () => {
    let state = run(initialFlow(twoExercises), { type: "start" }, { type: "countdown-done" });
    state = run(state, {
      type: "server",
      message: { type: "form_feedback", time: 1, code: "trunk_lean", message: "stand tall, do not lean" },
    });
    expect(state.feedback).toBe("Stand tall, do not lean.");
    state = run(state, {
      type: "server",
      message: {
        type: "form_feedback",
        time: 4,
        code: "wrong_movement",
        message: "raise your arm forward, in front of you",
      },
    });
    expect(state.feedback).toBe("Raise your arm forward, in front of you.");
  });

  it("stores the server's settled count, rests, then goes on with the same exercise", () => {
    let state = run(initialFlow(twoExercises), { type: "start" }, { type: "countdown-done" }, rep(90), rep(90));
    state = run(state, { type: "end-set" });
    expect(state.stage).toBe("saving");
    state = run(state, { type: "set-saved", detail: detail(3) });
    expect(state.stage).toBe("rest");
    expect(state.sets).toEqual([
      {
        position: { exerciseIndex: 0, setNumber: 1 },
        exercise: "squat",
        reps: 3,
        repsTarget: 10,
        romMeanDeg: 95,
        countNote: null,
        uncertainReps: 0,
      },
    ]);
    state = run(state, { type: "next-set" });
    expect(state.stage).toBe("countdown"); // same exercise: no new setup check
    expect(state.position).toEqual({ exerciseIndex: 0, setNumber: 2 });
    expect(state.reps).toBe(0);
  });

  it("keeps the server's reason when the saved count differs from the live one", () => {
    const note = "The first movement was a warm-up and was not counted.";
    const state = run(
      initialFlow(twoExercises),
      { type: "start" },
      { type: "countdown-done" },
      rep(90),
      rep(90),
      { type: "end-set" },
      {
        type: "server",
        message: { type: "set_saved", set_key: "set-1", frames: 90, detail: detail(1), count_note: note },
      },
      { type: "set-saved", detail: detail(1) },
    );
    expect(state.sets.map((set) => [set.reps, set.countNote])).toEqual([[1, note]]);
  });

  it("tallies the reps flagged uncertain live, then keeps the server's settled tally", () => {
    let state = run(
      initialFlow(twoExercises),
      { type: "start" },
      { type: "countdown-done" },
      rep(90),
      rep(90, "uncertain"),
      rep(90),
    );
    expect([state.reps, state.uncertainReps]).toEqual([3, 1]);
    state = run(state, { type: "end-set" }, { type: "set-saved", detail: detail(3, 2) });
    expect(state.sets[0]?.uncertainReps).toBe(2);
  });

  it("says nothing of uncertain reps for a set the server did not rate", () => {
    const state = run(
      initialFlow(twoExercises),
      { type: "start" },
      { type: "countdown-done" },
      rep(90, "uncertain"),
      { type: "end-set" },
      { type: "set-saved", detail: detail(1, null) },
    );
    expect(state.sets[0]?.uncertainReps).toBeNull();
  });

  it("checks the position again for a new exercise, and rates after the last set", () => {
    let state = run(
      initialFlow(twoExercises),
      { type: "start" },
      { type: "countdown-done" },
      { type: "end-set" },
      { type: "set-saved", detail: detail(10) },
    );
    state = run(
      state,
      { type: "next-set" },
      { type: "countdown-done" },
      { type: "end-set" },
      { type: "set-saved", detail: detail(9) },
    );
    state = run(state, { type: "next-set" });
    expect(state.stage).toBe("setup");
    expect(state.position).toEqual({ exerciseIndex: 1, setNumber: 1 });
    state = run(
      state,
      { type: "start" },
      { type: "countdown-done" },
      { type: "end-set" },
      { type: "set-saved", detail: detail(8) },
    );
    expect(state.stage).toBe("rating");
    expect(state.sets.map((set) => set.reps)).toEqual([10, 9, 8]);
  });

  it("does not count again the reps a resumed set repeats as the server counts it again", () => {
    let state = run(
      initialFlow(twoExercises),
      { type: "start" },
      { type: "countdown-done" },
      rep(90, "high", 1),
      rep(90, "uncertain", 2),
      rep(90, "high", 3),
    );
    // The connection came back: the server counts the set again from its first frame.
    state = run(state, { type: "set-resumed" }, rep(90, "high", 1), rep(90, "uncertain", 2), rep(90, "high", 3));
    expect([state.reps, state.uncertainReps]).toEqual([3, 1]);
    state = run(state, rep(95, "high", 4));
    expect([state.reps, state.lastRep?.romDeg]).toEqual([4, 95]);
    state = run(state, { type: "end-set" }, { type: "set-saved", detail: detail(4) });
    expect(state.sets[0]?.reps).toBe(4);
  });

  it("keeps the live count when the server has not said it stored the set", () => {
    const state = run(
      initialFlow(twoExercises),
      { type: "start" },
      { type: "countdown-done" },
      rep(90, "high", 1),
      rep(90, "uncertain", 2),
      { type: "end-set" },
      { type: "set-saved", detail: null },
    );
    expect([state.sets[0]?.reps, state.sets[0]?.uncertainReps]).toEqual([2, 1]);
  });

  it("keeps the live count when the set could not be confirmed", () => {
    const state = run(
      initialFlow(twoExercises),
      { type: "start" },
      { type: "countdown-done" },
      rep(90),
      { type: "end-set" },
      { type: "set-saved", detail: null },
    );
    expect(state.sets[0]?.reps).toBe(1);
  });

  it("lets the patient finish early only after a set", () => {
    const fresh = initialFlow(freePlan("squat", "Squat"));
    expect(run(fresh, { type: "finish-early" }).stage).toBe("setup");
    const rested = run(
      fresh,
      { type: "start" },
      { type: "countdown-done" },
      { type: "end-set" },
      { type: "set-saved", detail: detail(4) },
    );
    expect(rested.stage).toBe("rest");
    expect(run(rested, { type: "finish-early" }).stage).toBe("rating");
  });

  it("goes back to the rating with the reason when finishing fails, then to the summary", () => {
    let state = run(
      initialFlow(freePlan("squat", "Squat")),
      { type: "start" },
      { type: "countdown-done" },
      { type: "end-set" },
      { type: "set-saved", detail: detail(4) },
      { type: "finish-early" },
    );
    state = run(state, { type: "submit-rating" }, { type: "finish-failed", message: "The server cannot be reached." });
    expect(state.stage).toBe("rating");
    expect(state.finishError).toBe("The server cannot be reached.");
    const session = { id: 3 } as WorkoutSession;
    state = run(state, { type: "submit-rating" }, { type: "finished", session });
    expect(state.stage).toBe("summary");
    expect(state.session).toBe(session);
    expect(state.finishError).toBeNull();
  });

  it("returns to the setup when the session could not be started", () => {
    const state = run(initialFlow(twoExercises), { type: "start" }, { type: "start-failed" });
    expect(state.stage).toBe("setup");
  });
});

describe("helpers", () => {
  it("words missing joints for the patient", () => {
    expect(outOfViewInstruction([])).toBe("Step back into view of the camera.");
    expect(outOfViewInstruction(["left_wrist"])).toBe("Step back into view: the camera cannot see your left wrist.");
    expect(outOfViewInstruction(["left_hip", "left_knee", "left_ankle"])).toBe(
      "Step back into view: the camera cannot see your left hip, left knee and left ankle.",
    );
  });

  it("caps the rep goal progress at 1", () => {
    expect(repProgress(5, 10)).toBe(0.5);
    expect(repProgress(12, 10)).toBe(1);
    expect(repProgress(3, 0)).toBe(0);
  });
});

describe("unsavedWork", () => {
  it("asks before a set in progress is left, and before sets the server has not stored", () => {
    expect(unsavedWork("active", 1)).toMatch(/your set is not saved yet/i);
    expect(unsavedWork("saving", 1)).toMatch(/end it first/i);
    expect(unsavedWork("rest", 1)).toMatch(/^Your last set has not reached the clinic yet.*it is lost\.$/);
    expect(unsavedWork("rating", 2)).toMatch(/^2 of your sets have not reached.*they are lost\.$/);
  });

  it("lets the patient go when everything is stored", () => {
    for (const stage of ["setup", "countdown", "rest", "rating", "summary"] as const) {
      expect(unsavedWork(stage, 0)).toBeNull();
    }
  });
});
