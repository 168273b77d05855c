const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { setSession } from "../api/session";
import type { Schedule } from "../api/types";
import { jsonResponse, renderScreen, signInAs, testUser, urlOf } from "../ui/testing";
import { AppointmentDetailsDialog } from "./AppointmentDialogs";

const HOUR = 3_600_000;

function appointment(startsInHours: number): Schedule {
  return {
    id: 7,
    doctor: { id: 2, full_name: "Dr. Amara Okafor", role: "doctor" },
    patient: { id: 5, full_name: "Ada Achebe", role: "patient" },
    title: "Progress review",
    starts_at: new Date(Date.now() + startsInHours * HOUR).toISOString(),
    ends_at: new Date(Date.now() + (startsInHours + 0.5) * HOUR).toISOString(),
    status: "scheduled",
    notes: null,
    created_at: "2026-11-01T10:00:00Z",
  };
}

describe("an appointment's outcome", () => {
  afterEach(() => setSession(null));

  it("asks, once it is over, whether it was held, and records a no-show as missed", async () => {
    signInAs(testUser("doctor"));
    const over = appointment(-3);
    fetchMock.mockImplementation(() => Promise.resolve(jsonResponse(200, { ...over, status: "missed" })));
    const closed: string[] = [];
    renderScreen(
      <AppointmentDetailsDialog schedule={over} onClose={() => closed.push("closed")} onReschedule={() => undefined} />,
    );
    expect(screen.getByRole("status")).toHaveTextContent("This appointment is over. Was it held?");
    await userEvent.click(screen.getByRole("button", { name: "Mark as missed" }));
    await vi.waitFor(() => expect(closed).toEqual(["closed"]));
    const posted = fetchMock.mock.calls.map(([input]) => urlOf(input));
    expect(posted.some((url) => url.endsWith("/api/v1/schedules/7/missed"))).toBe(true);
  });

  it("offers neither before the appointment has started", () => {
    signInAs(testUser("doctor"));
    renderScreen(
      <AppointmentDetailsDialog schedule={appointment(24)} onClose={() => undefined} onReschedule={() => undefined} />,
    );
    expect(screen.queryByRole("button", { name: "Mark as missed" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Mark as held" })).not.toBeInTheDocument();
    expect(screen.queryByText("This appointment is over. Was it held?")).not.toBeInTheDocument();
  });
});
