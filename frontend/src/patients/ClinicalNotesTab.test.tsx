const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { PatientNote } from "../api/types";
import { jsonResponse, problem, renderScreen, signInAs, testUser, urlOf } from "../ui/testing";
import { ClinicalNotesTab } from "./ClinicalNotesTab";

const me = testUser("doctor");

function note(id: number, body: string, author: { id: number; full_name: string }): PatientNote {
  return {
    id,
    patient_id: 5,
    body,
    author: { ...author, role: "doctor" },
    created_at: "2026-11-24T09:00:00Z",
    updated_at: null,
  };
}

describe("a patient's clinical notes", () => {
  let notes: PatientNote[];
  let posted: unknown[];
  let refuseNextPost: boolean;

  beforeEach(() => {
    signInAs(me);
    notes = [note(1, "Knee swelling is down.", { id: 9, full_name: "Dr. Ben Adeyemi" })];
    posted = [];
    refuseNextPost = false;
    fetchMock.mockReset();
    fetchMock.mockImplementation(async (input) => {
      const request = input as Request;
      const path = new URL(urlOf(input)).pathname;
      if (path !== "/api/v1/patients/5/notes") return problem(404, "Not here.");
      if (request.method === "POST") {
        const body = (await request.json()) as { body: string };
        posted.push(body);
        if (refuseNextPost) return problem(503, "The database is not answering.");
        notes = [note(2, body.body, me), ...notes];
        return jsonResponse(201, notes[0]);
      }
      return jsonResponse(200, { items: notes, next_cursor: null });
    });
  });

  it("lets a doctor edit and delete only their own notes", async () => {
    notes.unshift(note(3, "Started stairs.", me));
    renderScreen(<ClinicalNotesTab patientId={5} />);
    const mine = await screen.findByRole("article", { name: /^Note by Dr\. Amara Okafor/ });
    expect(within(mine).getByText("You")).toBeInTheDocument();
    expect(within(mine).getByRole("button", { name: "Edit" })).toBeInTheDocument();
    const theirs = screen.getByRole("article", { name: /^Note by Dr\. Ben Adeyemi/ });
    expect(within(theirs).queryByRole("button", { name: "Edit" })).not.toBeInTheDocument();
    expect(within(theirs).queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
  });

  it("adds a note and shows it in the list, which is loaded again", async () => {
    renderScreen(<ClinicalNotesTab patientId={5} />);
    await screen.findByText("Knee swelling is down.");
    await userEvent.type(screen.getByLabelText("New note"), "  Full extension today. ");
    await userEvent.click(screen.getByRole("button", { name: "Add note" }));
    expect(await screen.findByText("Full extension today.")).toBeInTheDocument();
    expect(posted).toEqual([{ body: "Full extension today." }]);
    await waitFor(() => expect(screen.getByLabelText("New note")).toHaveValue(""));
  });

  it("keeps the text when the note could not be saved", async () => {
    refuseNextPost = true;
    renderScreen(<ClinicalNotesTab patientId={5} />);
    await screen.findByText("Knee swelling is down.");
    await userEvent.type(screen.getByLabelText("New note"), "Full extension today.");
    await userEvent.click(screen.getByRole("button", { name: "Add note" }));
    expect(await screen.findByText("The note was not saved. Your text is still here.")).toBeInTheDocument();
    expect(screen.getByLabelText("New note")).toHaveValue("Full extension today.");
    expect(screen.queryByRole("article", { name: /^Note by Dr\. Amara Okafor/ })).not.toBeInTheDocument();
  });
});
