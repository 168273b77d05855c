import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { RatingForm } from "./RatingForm";

describe("RatingForm", () => {
  it("asks for both answers before sending", async () => {
    const onSubmit = vi.fn();
    render(<RatingForm onSubmit={onSubmit} isPending={false} error={null} />);
    await userEvent.click(screen.getByRole("button", { name: "Finish" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(await screen.findByText("Choose how much pain you feel, from 0 to 10.")).toBeInTheDocument();
  });

  it("sends the chosen pain and difficulty, picked with one press each", async () => {
    const onSubmit = vi.fn();
    render(<RatingForm onSubmit={onSubmit} isPending={false} error={null} />);
    const pain = screen.getByRole("radiogroup", { name: "Pain right now" });
    const difficulty = screen.getByRole("radiogroup", { name: "How hard was it?" });
    await userEvent.click(within(pain).getByRole("radio", { name: "3" }));
    await userEvent.click(within(difficulty).getByRole("radio", { name: "6" }));
    await userEvent.click(screen.getByRole("button", { name: "Finish" }));
    expect(onSubmit).toHaveBeenCalledWith({ pain_score: 3, difficulty: 6 }, expect.anything());
  });

  it("keeps the answers when saving failed", async () => {
    const { rerender } = render(<RatingForm onSubmit={vi.fn()} isPending={false} error={null} />);
    const pain = screen.getByRole("radiogroup", { name: "Pain right now" });
    await userEvent.click(within(pain).getByRole("radio", { name: "4" }));
    rerender(<RatingForm onSubmit={vi.fn()} isPending={false} error="The server cannot be reached." />);
    expect(screen.getByRole("alert")).toHaveTextContent("Your answers are kept");
    expect(within(pain).getByRole("radio", { name: "4" })).toBeChecked();
  });
});
