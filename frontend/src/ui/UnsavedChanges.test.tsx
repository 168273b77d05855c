import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { createMemoryRouter, Link, RouterProvider, useNavigate } from "react-router";

import { UnsavedChangesGuard, useUnsavedChanges, useUnsavedWork } from "./UnsavedChanges";

function Editor({ label, what }: { label: string; what: string }) {
  const [text, setText] = useState("");
  const navigate = useNavigate();
  const unsaved = useUnsavedChanges(text !== "", what);
  return (
    <>
      <label>
        {label} <input value={text} onChange={(event) => setText(event.target.value)} />
      </label>
      <button
        type="button"
        onClick={() => {
          unsaved.release();
          void navigate("/elsewhere");
        }}
      >
        Save {label}
      </button>
    </>
  );
}

function ExerciseSet() {
  const [inProgress, setInProgress] = useState(true);
  useUnsavedWork(inProgress ? "Your set is not saved yet. End it first, or it may be lost." : null);
  return (
    <button type="button" onClick={() => setInProgress(false)}>
      End set
    </button>
  );
}

/** A screen with two editors, as the patient page's notes tab has (a new note, a note rewritten). */
function renderEditors() {
  const router = createMemoryRouter(
    [
      {
        path: "/editor",
        element: (
          <UnsavedChangesGuard>
            <Editor label="Note" what="this note" />
            <Editor label="Record" what="this record" />
            <Link to="/elsewhere">Patients</Link>
            <Link to="/editor?week=2026-12-07">Next week</Link>
          </UnsavedChangesGuard>
        ),
      },
      { path: "/elsewhere", element: <h1>Elsewhere</h1> },
    ],
    { initialEntries: ["/editor"] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

describe("unsaved changes", () => {
  it("lets untouched editors go without asking", async () => {
    renderEditors();
    await userEvent.click(screen.getByRole("link", { name: "Patients" }));
    expect(screen.getByRole("heading", { name: "Elsewhere" })).toBeInTheDocument();
  });

  it("asks before leaving unsaved changes; staying keeps them, leaving goes", async () => {
    const router = renderEditors();
    await userEvent.type(screen.getByRole("textbox", { name: "Record" }), "Knee swelling after stairs");
    await userEvent.click(screen.getByRole("link", { name: "Patients" }));
    const question = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
    expect(question).toHaveTextContent("Your changes to this record have not been saved.");

    await userEvent.click(screen.getByRole("button", { name: "Stay and keep editing" }));
    expect(router.state.location.pathname).toBe("/editor");
    expect(screen.getByRole("textbox", { name: "Record" })).toHaveValue("Knee swelling after stairs");

    await userEvent.click(screen.getByRole("link", { name: "Patients" }));
    await userEvent.click(await screen.findByRole("button", { name: "Leave without saving" }));
    expect(await screen.findByRole("heading", { name: "Elsewhere" })).toBeInTheDocument();
  });

  it("names every editor that holds changes", async () => {
    renderEditors();
    await userEvent.type(screen.getByRole("textbox", { name: "Note" }), "a");
    await userEvent.type(screen.getByRole("textbox", { name: "Record" }), "b");
    await userEvent.click(screen.getByRole("link", { name: "Patients" }));
    expect(await screen.findByRole("alertdialog")).toHaveTextContent("Your changes to this note and this record");
  });

  it("does not count a change of the address's query as leaving", async () => {
    const router = renderEditors();
    await userEvent.type(screen.getByRole("textbox", { name: "Note" }), "x");
    await userEvent.click(screen.getByRole("link", { name: "Next week" }));
    expect(router.state.location.search).toBe("?week=2026-12-07");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  });

  it("lets an editor leave right after saving", async () => {
    renderEditors();
    await userEvent.type(screen.getByRole("textbox", { name: "Note" }), "Saved text");
    await userEvent.click(screen.getByRole("button", { name: "Save Note" }));
    expect(await screen.findByRole("heading", { name: "Elsewhere" })).toBeInTheDocument();
  });

  it("asks before leaving work in progress in its own words, and not once it is done", async () => {
    const router = createMemoryRouter(
      [
        {
          path: "/exercise",
          element: (
            <UnsavedChangesGuard>
              <ExerciseSet />
              <Link to="/messages">Messages</Link>
            </UnsavedChangesGuard>
          ),
        },
        { path: "/messages", element: <h1>Messages</h1> },
      ],
      { initialEntries: ["/exercise"] },
    );
    render(<RouterProvider router={router} />);
    await userEvent.click(screen.getByRole("link", { name: "Messages" }));
    const question = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
    expect(question).toHaveTextContent("Your set is not saved yet. End it first, or it may be lost.");
    expect(question).not.toHaveTextContent("Your changes");
    await userEvent.click(screen.getByRole("button", { name: "Stay" }));
    expect(router.state.location.pathname).toBe("/exercise");

    await userEvent.click(screen.getByRole("button", { name: "End set" }));
    await userEvent.click(screen.getByRole("link", { name: "Messages" }));
    expect(await screen.findByRole("heading", { name: "Messages" })).toBeInTheDocument();
  });

  it("asks the browser before the tab is closed with unsaved changes", async () => {
    renderEditors();
    const untouched = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(untouched);
    expect(untouched.defaultPrevented).toBe(false);
    await userEvent.type(screen.getByRole("textbox", { name: "Note" }), "x");
    const closing = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(closing);
    expect(closing.defaultPrevented).toBe(true);
  });
});
