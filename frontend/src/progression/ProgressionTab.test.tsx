const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { jsonResponse, problem, renderScreen, signInAs, testUser, urlOf } from "../ui/testing";
import { ProgressionTab } from "./ProgressionTab";
import type { Proposal, ProposalDecision } from "./queries";

const LIST = "/api/v1/patients/5/progression-proposals";
const NAMES: Record<string, string> = { squat: "Squat", "bicep-curl": "Bicep curl", "knee-raise": "Knee raise" };

function proposal(id: number, kind: Proposal["kind"], exercise: string, reason: string): Proposal {
  const current = { sets: 3, reps: 10, target_rom_deg: 90 };
  const proposed =
    kind === "progress" ? { ...current, target_rom_deg: 100 } : kind === "regress" ? { ...current, reps: 8 } : current;
  return {
    id,
    patient_id: 5,
    week_start: "2026-11-23",
    combo_id: 7,
    position: id,
    exercise_code: exercise,
    exercise_name: NAMES[exercise] ?? exercise,
    side: "both",
    kind,
    reason,
    facts: { planned: 3, done: 3, max_pain: 2, mean_difficulty: 4, range_deg: 95, rated_sets: 3, sure_sets: 3 },
    current,
    proposed,
    proposed_variant: null,
    proposed_variant_name: null,
    status: "proposed",
    applied: null,
    applied_week_start: null,
    applied_combo_id: null,
    decided_by_id: null,
    decided_at: null,
  };
}

describe("the doctor's weekly progression review", () => {
  let proposals: Proposal[];
  let decisions: ProposalDecision[];

  beforeEach(() => {
    signInAs(testUser("doctor"));
    proposals = [
      proposal(
        1,
        "progress",
        "squat",
        "3 of 3 sessions done, pain 2/10, range 95° of a 90° target: ready for more, target 90° → 100°.",
      ),
      proposal(2, "hold", "bicep-curl", "2 of 3 sessions done: keep the dose (not every session done)."),
      proposal(3, "regress", "knee-raise", "3 of 3 sessions done, pain 7/10: ease off, reps 10 → 8."),
    ];
    decisions = [];
    fetchMock.mockReset();
    fetchMock.mockImplementation(async (input) => {
      const request = input as Request;
      const path = new URL(urlOf(input)).pathname;
      if (path === LIST && request.method === "GET") return jsonResponse(200, { items: proposals, next_cursor: null });
      if (path === `${LIST}/decisions` && request.method === "POST") {
        const body = (await request.json()) as ProposalDecision;
        decisions.push(body);
        if (body.proposal_id === 3) return problem(409, "Next week's plan has no day left with this routine.");
        const decided = proposals.find((p) => p.id === body.proposal_id)!;
        const applied =
          body.decision === "dismiss" ? null : { ...decided.proposed, ...(body.reps ? { reps: body.reps } : {}) };
        Object.assign(decided, {
          status: { accept: "accepted", edit: "edited", dismiss: "dismissed" }[body.decision],
          applied,
          applied_week_start: applied && "2026-11-30",
          decided_at: "2026-11-30T08:00:00Z",
        });
        return jsonResponse(200, decided);
      }
      return problem(404, "Not here.");
    });
  });

  it("lists one card per proposal with its kind, its reason and both doses", async () => {
    renderScreen(<ProgressionTab patientId={5} />);
    const progress = await screen.findByRole("article", { name: "Squat: Progress" });
    expect(progress).toHaveTextContent("ready for more, target 90° → 100°.");
    expect(progress).toHaveTextContent("Now 3 × 10, target 90° · proposed 3 × 10, target 100°");
    expect(screen.getByRole("article", { name: "Bicep curl: Hold" })).toHaveTextContent("Now 3 × 10, target 90°");
    expect(screen.getByRole("article", { name: "Bicep curl: Hold" })).not.toHaveTextContent("proposed");
    expect(screen.getByRole("article", { name: "Knee raise: Regress" })).toBeInTheDocument();
    expect(screen.getByText(/Proposals from the week of/)).toHaveTextContent("Nov 23, 2026");
  });

  it("accepts a proposal in one click and shows what next week gets", async () => {
    renderScreen(<ProgressionTab patientId={5} />);
    await userEvent.click(await screen.findByRole("button", { name: "Accept: Squat" }));
    const card = screen.getByRole("article", { name: "Squat: Progress" });
    expect(await within(card).findByText("Accepted")).toBeInTheDocument();
    expect(card).toHaveTextContent("From the week of Nov 30, 2026: 3 × 10, target 100°.");
    expect(decisions).toEqual([{ proposal_id: 1, decision: "accept" }]);
    expect(within(card).queryByRole("button", { name: /Accept/ })).not.toBeInTheDocument();
  });

  it("edits a proposal with the doctor's values", async () => {
    renderScreen(<ProgressionTab patientId={5} />);
    await userEvent.click(await screen.findByRole("button", { name: "Edit: Bicep curl" }));
    const card = screen.getByRole("article", { name: "Bicep curl: Hold" });
    const reps = within(card).getByRole("textbox", { name: "Reps" });
    await userEvent.clear(reps);
    await userEvent.type(reps, "12");
    await userEvent.click(within(card).getByRole("button", { name: "Apply to next week" }));
    expect(await within(card).findByText("Accepted with changes")).toBeInTheDocument();
    expect(decisions).toEqual([{ proposal_id: 2, decision: "edit", sets: 3, reps: 12, target_rom_deg: 90 }]);
  });

  it("dismisses a proposal and says nothing changed", async () => {
    renderScreen(<ProgressionTab patientId={5} />);
    await userEvent.click(await screen.findByRole("button", { name: "Dismiss: Squat" }));
    const card = screen.getByRole("article", { name: "Squat: Progress" });
    expect(await within(card).findByText("Dismissed")).toBeInTheDocument();
    expect(card).toHaveTextContent("Nothing changed.");
    expect(decisions).toEqual([{ proposal_id: 1, decision: "dismiss" }]);
  });

  it("shows why a decision was refused and keeps the buttons", async () => {
    renderScreen(<ProgressionTab patientId={5} />);
    await userEvent.click(await screen.findByRole("button", { name: "Accept: Knee raise" }));
    const card = screen.getByRole("article", { name: "Knee raise: Regress" });
    expect(await within(card).findByText(/no day left with this routine/)).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Accept: Knee raise" })).toBeEnabled();
  });

  it("says so when the patient had no plan last week", async () => {
    proposals = [];
    renderScreen(<ProgressionTab patientId={5} />);
    expect(await screen.findByText("No proposals.")).toBeInTheDocument();
  });
});
