const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { WorkoutSession } from "../api/types";
import { jsonResponse, problem, renderScreen, signInAs, testUser, urlOf } from "../ui/testing";
import { SessionsTab } from "./SessionsTab";

type Detail = WorkoutSession["details"][number];

function set(id: number, reps: number, uncertain: number | null, band: Detail["confidence_band"]): Detail {
  return {
    id,
    position: id,
    set_number: id + 1,
    exercise_code: "squat",
    exercise_type: "squat",
    side: null,
    reps_done: reps,
    reps_target: 12,
    rom_max_deg: 95,
    rom_mean_deg: 90,
    rom_min_deg: 80,
    form_score: 100,
    duration_seconds: 60,
    rep_metrics: [],
    setup_skipped: false,
    rom_from_world_landmarks: id === 1,
    confidence: uncertain === null ? null : band === "high" ? 0.95 : 0.4,
    confidence_band: band,
    uncertain_reps: uncertain,
    flag_counts: {},
    movement_mismatch: false,
    frame_count: 1800,
    frame_rate: 30,
    slow_camera: false,
  };
}

const session: WorkoutSession = {
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
  details: [set(0, 12, 2, "uncertain"), set(1, 12, 0, "high"), set(2, 10, null, null), set(3, 4, 0, "uncertain")],
};

describe("the doctor's view of a patient's sessions", () => {
  beforeEach(() => {
    signInAs(testUser("doctor"));
    fetchMock.mockReset();
    fetchMock.mockImplementation(async (input) => {
      const path = new URL(urlOf(input)).pathname;
      if (path !== "/api/v1/patients/5/workout-sessions") return problem(404, "Not here.");
      return jsonResponse(200, { items: [session], next_cursor: null });
    });
  });

  it("flags the sets whose count the engine was unsure of", async () => {
    renderScreen(<SessionsTab patientId={5} />);
    await userEvent.click(await screen.findByRole("button", { name: /Squat/ }));
    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toHaveTextContent("counted 12, 2 of them uncertain");
    expect(rows[1]).not.toHaveTextContent("uncertain");
    expect(rows[2]).not.toHaveTextContent("uncertain"); // stored before sets were rated
    expect(rows[3]).toHaveTextContent("count uncertain");
  });

  it("says which sets' ranges were measured in 3-D", async () => {
    renderScreen(<SessionsTab patientId={5} />);
    await userEvent.click(await screen.findByRole("button", { name: /Squat/ }));
    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    const marked = rows.map((row) => within(row).queryByTitle(/3-D landmarks/) !== null);
    expect(marked).toEqual([false, true, false, false]);
    expect(rows[1]).toHaveTextContent("90° 3-D");
  });

  it("marks a set the camera saw at 6 frames a second or fewer, with its rate", async () => {
    const slow: WorkoutSession = {
      ...session,
      details: [{ ...set(0, 8, 0, "high"), frame_rate: 4.6, slow_camera: true }, set(1, 12, 0, "high")],
    };
    fetchMock.mockImplementation(async () => jsonResponse(200, { items: [slow], next_cursor: null }));
    renderScreen(<SessionsTab patientId={5} />);
    await userEvent.click(await screen.findByRole("button", { name: /Squat/ }));
    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("slow camera (4.6 frames/s)");
    expect(rows[1]).not.toHaveTextContent("slow camera");
  });

  it("shows which form flags the reps had, and a set that was not the prescribed movement", async () => {
    const flagged: WorkoutSession = {
      ...session,
      details: [
        {
          ...set(0, 5, 0, "high"),
          exercise_code: "shoulder-flexion",
          exercise_type: "shoulder-flexion",
          form_score: 0,
          flag_counts: { wrong_movement: 5, trunk_lean: 2 },
          movement_mismatch: true,
        },
        { ...set(1, 10, 0, "high"), form_score: 70, flag_counts: { too_fast: 1, trunk_lean: 3 } },
        set(2, 10, 0, "high"),
      ],
    };
    fetchMock.mockImplementation(async () => jsonResponse(200, { items: [flagged], next_cursor: null }));
    renderScreen(<SessionsTab patientId={5} />);
    await userEvent.click(await screen.findByRole("button", { name: /Shoulder/ }));
    const rows = within(screen.getByRole("table")).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("not the prescribed movement");
    expect(rows[0]).toHaveTextContent("0%");
    expect(rows[0]).toHaveTextContent("body leaned 2");
    expect(rows[0]).not.toHaveTextContent("not the prescribed movement 5"); // its tag says it once
    expect(rows[1]).toHaveTextContent("70%");
    expect(rows[1]).toHaveTextContent("body leaned 3, too fast 1"); // most frequent first
    expect(rows[1]).not.toHaveTextContent("not the prescribed movement");
    expect(rows[2]).not.toHaveTextContent("Flagged reps");
  });
});
