const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen } from "@testing-library/react";

import type { ActivityItem, DoctorDashboard } from "../api/types";
import { jsonResponse, problem, renderScreen, signInAs, testUser, urlOf } from "../ui/testing";
import { DoctorDashboardScreen } from "./DoctorDashboardScreen";

const workout: ActivityItem = {
  kind: "workout",
  id: 31,
  patient: { id: 5, full_name: "Ada Achebe", role: "patient" },
  started_at: "2026-11-25T09:00:00Z",
  ended_at: "2026-11-25T09:20:00Z",
  pain_score: 3,
  difficulty: 4,
  sets: 3,
  reps_done: 30,
  game: null,
  score: null,
  accuracy: null,
};

const board: DoctorDashboard = {
  today: "2026-11-25",
  appointments_today: [],
  appointments_today_total: 0,
  needs_attention: [],
  needs_attention_total: 0,
};

/** Answers each section's request with `answers[path]`; a missing answer never comes. */
function serve(answers: Record<string, () => Response>) {
  fetchMock.mockImplementation((input) => {
    const path = new URL(urlOf(input)).pathname;
    const answer = answers[path];
    return answer ? Promise.resolve(answer()) : new Promise<Response>(() => {});
  });
}

describe("the doctor's dashboard", () => {
  beforeEach(() => {
    signInAs(testUser("doctor"));
    fetchMock.mockReset();
  });

  it("shows recent activity without waiting for the other sections", async () => {
    serve({
      "/api/v1/dashboard/doctor/activity": () => jsonResponse(200, { items: [workout], next_cursor: null }),
    });
    renderScreen(<DoctorDashboardScreen />);
    expect(await screen.findByRole("link", { name: "Ada Achebe" })).toHaveAttribute("href", "/patients/5/sessions");
    expect(screen.getByText("Loading your dashboard…")).toBeInTheDocument();
  });

  it("keeps the appointments and alerts when recent activity fails", async () => {
    serve({
      "/api/v1/dashboard/doctor": () => jsonResponse(200, board),
      "/api/v1/dashboard/doctor/activity": () => problem(503, "The database is not answering."),
      "/api/v1/messages/unread-count": () => jsonResponse(200, { unread: 2 }),
    });
    renderScreen(<DoctorDashboardScreen />);
    expect(await screen.findByText("Everyone is on track.")).toBeInTheDocument();
    expect(await screen.findByText("Recent activity could not be loaded.")).toBeInTheDocument();
    expect(screen.getByText("No appointments today.")).toBeInTheDocument();
  });
});
