import type { ActivityItem, PatientAttention } from "../api/types";
import { describeActivity } from "./activity";
import { attentionSignals } from "./attention";

const base: PatientAttention = {
  patient: { id: 6, full_name: "Bram Berg", role: "patient" },
  reasons: [],
  max_pain_last_7_days: 8,
  adherence_this_week: 0,
  adherence_last_week: 0.5,
  last_session_at: null,
  time_zone: "UTC",
};

describe("why a patient needs attention", () => {
  it("names each reason, with the numbers behind it", () => {
    const signals = attentionSignals({ ...base, reasons: ["high_pain", "adherence_drop", "missed_sessions"] });
    expect(signals.map((signal) => signal.label)).toEqual(["High pain (8/10)", "Adherence dropped", "Missed sessions"]);
    expect(signals[0]?.tone).toBe("danger");
    expect(signals[1]?.detail).toBe("50% last week, 0% so far this week.");
  });

  it("names a questionnaire score that worsened beyond its MCID", () => {
    const [signal] = attentionSignals({ ...base, reasons: ["score_worsened"] });
    expect(signal?.label).toBe("Questionnaire score worse");
    expect(signal?.tone).toBe("danger");
  });

  it("leaves out a pain number it does not have", () => {
    expect(attentionSignals({ ...base, reasons: ["high_pain"], max_pain_last_7_days: null })[0]?.label).toBe(
      "High pain",
    );
  });
});

describe("recent activity lines", () => {
  const workout: ActivityItem = {
    kind: "workout",
    id: 1,
    patient: base.patient,
    started_at: "2026-11-25T08:00:00Z",
    ended_at: "2026-11-25T08:10:00Z",
    pain_score: 2,
    difficulty: 5,
    sets: 3,
    reps_done: 1,
    game: null,
    score: null,
    accuracy: null,
  };

  it("describes a workout by its sets, reps and ratings", () => {
    expect(describeActivity(workout)).toEqual({
      what: "Workout",
      details: ["3 sets", "1 rep", "pain 2/10", "difficulty 5/10"],
    });
  });

  it("flags a workout that was never finished", () => {
    expect(describeActivity({ ...workout, ended_at: null, pain_score: null, difficulty: null }).details).toContain(
      "not finished",
    );
  });

  it("describes a brain game by its name, score and accuracy", () => {
    expect(describeActivity({ ...workout, kind: "brain", game: "stroop", score: 120, accuracy: 0.85 })).toEqual({
      what: "Brain game: Stroop",
      details: ["score 120", "85% correct"],
    });
  });
});
