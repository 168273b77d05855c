import type { WorkoutSession } from "../api/types";
import { sessionExercises, sessionSummary } from "./sessionSummary";

type Detail = WorkoutSession["details"][number];

function detail(position: number, exercise: Detail["exercise_type"], reps: number, romMax: number | null): Detail {
  return {
    id: position,
    position,
    set_number: 1,
    exercise_code: exercise ?? "bridge",
    exercise_type: exercise,
    side: null,
    reps_done: reps,
    reps_target: 10,
    rom_max_deg: romMax,
    rom_mean_deg: null,
    rom_min_deg: null,
    form_score: null,
    duration_seconds: 60,
    rep_metrics: [],
    setup_skipped: false,
    rom_from_world_landmarks: false,
    confidence: null,
    confidence_band: null,
    uncertain_reps: null,
    flag_counts: {},
    movement_mismatch: false,
    frame_count: 1800,
    frame_rate: 30,
    slow_camera: false,
  };
}

function session(details: Detail[], overrides: Partial<WorkoutSession> = {}): WorkoutSession {
  return {
    id: 1,
    patient_id: 5,
    combo_id: null,
    week_plan_item_id: null,
    source: "live",
    started_at: "2026-11-25T09:00:00Z",
    ended_at: "2026-11-25T09:20:00Z",
    created_at: "2026-11-25T09:00:00Z",
    pain_score: 3,
    difficulty: 4,
    notes: null,
    details,
    ...overrides,
  };
}

describe("a session in one line", () => {
  it("names each exercise once, in the order done", () => {
    const done = session([detail(2, "knee-raise", 8, 70), detail(0, "squat", 10, 92.4), detail(1, "squat", 9, 88)]);
    expect(sessionExercises(done)).toEqual(["Squat", "Knee raise"]);
    expect(sessionSummary(done)).toBe("Squat, Knee raise · 3 sets, 27 reps · best 92° · pain 3/10");
  });

  it("says when nothing was recorded and the session was left unfinished", () => {
    expect(sessionSummary(session([], { ended_at: null, pain_score: null }))).toBe(
      "No sets recorded · 0 sets, 0 reps · not finished",
    );
  });
});
