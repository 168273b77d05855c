import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRef } from "react";
import { Link, MemoryRouter, Route, Routes } from "react-router";

import { useFocusHeadingOnNavigate } from "./AppShell";

function Shell() {
  const main = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigate(main);
  return (
    <main ref={main}>
      <Routes>
        <Route path="/" element={<Link to="/thread">Open the conversation</Link>} />
        <Route
          path="/thread"
          element={
            <>
              <h1 tabIndex={-1}>Messages</h1>
              <textarea aria-label="Message" />
            </>
          }
        />
      </Routes>
    </main>
  );
}

function renderShell() {
  render(
    <MemoryRouter>
      <Shell />
    </MemoryRouter>,
  );
}

const afterTheHeadingsTurn = () => act(() => new Promise((resolve) => setTimeout(resolve, 120)));

describe("focus after going to another screen", () => {
  it("moves to the new screen's heading", async () => {
    renderShell();
    await userEvent.click(screen.getByRole("link", { name: "Open the conversation" }));
    await afterTheHeadingsTurn();
    expect(screen.getByRole("heading", { name: "Messages" })).toHaveFocus();
  });

  it("stays where the person put it before the heading's turn came", async () => {
    renderShell();
    await userEvent.click(screen.getByRole("link", { name: "Open the conversation" }));
    const box = screen.getByLabelText("Message");
    act(() => box.focus()); // within the 50 ms: already typing
    await afterTheHeadingsTurn();
    expect(box).toHaveFocus();
  });
});
