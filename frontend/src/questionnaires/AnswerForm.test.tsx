const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { Instrument, QuestionnaireSchedule } from "../api/types";
import { jsonResponse, problem, renderScreen, signInAs, testUser } from "../ui/testing";
import { AnswerForm } from "./AnswerForm";

const scale = {
  minimum: 0,
  maximum: 4,
  anchors: [
    { value: 0, label: "Unable" },
    { value: 4, label: "No difficulty" },
  ],
};
const instrument: Instrument = {
  code: "lefs",
  name: "Lower Extremity Functional Scale",
  body_region: "lower limb",
  instructions: "How hard is each activity today?",
  items: [
    { code: "lefs1", text: "Squatting down", scale, group: null },
    { code: "lefs2", text: "Hopping", scale, group: null },
  ],
  activity_scale: null,
  min_activities: 0,
  max_activities: 0,
  scoring: "sum",
  score_min: 0,
  score_max: 80,
  unit: "points",
  direction: "higher_is_better",
  mcid: 9,
  mcid_source: "Binkley 1999",
  licence: { summary: "free", citation: "Binkley 1999", sources: [] },
};
const schedule = { id: 7, instrument: "lefs", due_on: "2026-12-01" } as QuestionnaireSchedule;

describe("answering a questionnaire", () => {
  let posted: unknown[];
  beforeEach(() => {
    signInAs(testUser("patient", { id: 5 }));
    posted = [];
    fetchMock.mockReset();
    fetchMock.mockImplementation(async (input) => {
      const request = input as Request;
      posted.push(await request.json());
      return posted.length === 1
        ? problem(422, "Answer 'Hopping' with a whole number from 0 to 4.")
        : jsonResponse(201, { id: 1, score: 5 });
    });
  });

  it("sends nothing while an item is unanswered, and shows the server's refusal", async () => {
    const user = userEvent.setup();
    const answered = vi.fn();
    renderScreen(<AnswerForm instrument={instrument} schedule={schedule} patientId={5} onAnswered={answered} />);
    await user.click(screen.getByRole("button", { name: "Send answers" }));
    expect(screen.getByRole("alert")).toHaveTextContent("2 answers are missing");
    expect(posted).toEqual([]);

    const squat = screen.getByRole("radiogroup", { name: "Squatting down" });
    const hop = screen.getByRole("radiogroup", { name: "Hopping" });
    await user.click(within(squat).getByRole("radio", { name: "3" }));
    await user.click(within(hop).getByRole("radio", { name: "2" }));
    await user.click(screen.getByRole("button", { name: "Send answers" }));
    expect(await screen.findByText(/were not sent/)).toBeInTheDocument();
    expect(posted).toEqual([{ schedule_id: 7, answers: { lefs1: 3, lefs2: 2 } }]);
    await user.click(screen.getByRole("button", { name: "Send answers" }));
    await waitFor(() => expect(answered).toHaveBeenCalled());
  });
});
