const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { Combo, WeekPlan } from "../api/types";
import { jsonResponse, problem, renderScreen, signInAs, testUser, urlOf } from "../ui/testing";
import { WeekPlanEditor } from "./WeekPlanTab";

function combo(id: number, name: string): Combo {
  return {
    id,
    name,
    description: null,
    doctor: { id: 2, full_name: "Dr. Amara Okafor", role: "doctor" },
    created_at: "2026-11-01T10:00:00Z",
    items: [],
  };
}

const squat = combo(4, "Squat basics");
const shoulder = combo(7, "Shoulder start");
const plan: WeekPlan = {
  id: 9,
  patient_id: 5,
  doctor: { id: 2, full_name: "Dr. Amara Okafor", role: "doctor" },
  week_start: "2026-11-23",
  notes: null,
  created_at: "2026-11-22T10:00:00Z",
  days: [
    {
      weekday: "wednesday",
      items: [
        { id: 30, position: 0, combo: shoulder },
        { id: 31, position: 1, combo: squat },
      ],
    },
  ],
};

describe("the week plan editor", () => {
  let saved: unknown;
  let saveAnswer: () => Response;

  beforeEach(() => {
    signInAs(testUser("doctor"));
    saved = undefined;
    saveAnswer = () => jsonResponse(200, plan);
    fetchMock.mockReset();
    fetchMock.mockImplementation(async (input) => {
      const request = input as Request;
      if (urlOf(input).includes("/api/v1/combos"))
        return jsonResponse(200, { items: [squat, shoulder], next_cursor: null });
      if (request.method === "PUT") {
        saved = await request.json();
        return saveAnswer();
      }
      return problem(404, "Not here.");
    });
  });

  it("reorders, removes and adds routines, then saves the whole week", async () => {
    const done = vi.fn();
    renderScreen(<WeekPlanEditor patientId={5} monday="2026-11-23" plan={plan} onDone={done} />);

    await userEvent.click(screen.getByRole("button", { name: "Move Squat basics earlier on Wednesday" }));
    await userEvent.click(screen.getByRole("button", { name: "Remove Shoulder start from Wednesday" }));

    const friday = screen.getByRole("region", { name: /Friday/ });
    await waitFor(() => expect(within(friday).getByRole("button", { name: /Add to Friday/ })).toBeEnabled());
    await userEvent.click(within(friday).getByRole("button", { name: /Add to Friday/ }));
    await userEvent.click(await screen.findByRole("option", { name: /Shoulder start/ }));
    await userEvent.type(screen.getByLabelText(/Notes for the patient/), "Go gently.");

    await userEvent.click(screen.getByRole("button", { name: "Save plan" }));

    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(saved).toEqual({
      notes: "Go gently.",
      days: [
        { weekday: "wednesday", combo_ids: [4] },
        { weekday: "friday", combo_ids: [7] },
      ],
    });
    const put = fetchMock.mock.calls.map(([input]) => input as Request).find((request) => request.method === "PUT");
    expect(put?.url).toContain("/api/v1/patients/5/week-plans/2026-11-23");
  });

  it("keeps the changes on screen when saving fails, and says so", async () => {
    saveAnswer = () => problem(409, "Routine 99 does not exist.");
    const done = vi.fn();
    renderScreen(<WeekPlanEditor patientId={5} monday="2026-11-23" plan={plan} onDone={done} />);

    await userEvent.click(screen.getByRole("button", { name: "Remove Shoulder start from Wednesday" }));
    await userEvent.click(screen.getByRole("button", { name: "Save plan" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Routine 99 does not exist.");
    expect(screen.getByRole("alert")).toHaveTextContent("Your changes are still here.");
    expect(screen.queryByRole("button", { name: "Remove Shoulder start from Wednesday" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Remove Squat basics from Wednesday" })).toBeInTheDocument();
    expect(done).not.toHaveBeenCalled();
  });
});
