import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { STROOP_TRIALS } from "./games/stroop";
import { StroopGame } from "./StroopGame";
import { gameProblems, type PlayedGame } from "./trials";

// Fake clocks drive the game's pauses; they still tick with real time, which user-event needs.
beforeEach(() => {
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"],
    shouldAdvanceTime: true,
  });
});
afterEach(() => vi.useRealTimers());

const advance = (ms: number) =>
  act(() => {
    vi.advanceTimersByTime(ms);
  });
const INK_NAMES: Record<string, string> = {
  "rgb(255, 107, 107)": "Red",
  "rgb(108, 180, 255)": "Blue",
  "rgb(94, 224, 138)": "Green",
  "rgb(255, 216, 77)": "Yellow",
};

describe("StroopGame", () => {
  it("ignores a press before the word could be seen, and records the answers after", async () => {
    const user = userEvent.setup({ delay: null });
    const onFinish = vi.fn<(played: PlayedGame) => void>();
    render(<StroopGame onFinish={onFinish} onQuit={vi.fn()} random={() => 0.3} />);
    await user.click(screen.getByRole("button", { name: "Start" }));

    const word = screen.getByTestId("stroop-word");
    await user.click(screen.getByRole("button", { name: "Red" })); // at once: an anticipation
    expect(screen.getByTestId("stroop-word")).toBe(word);

    for (let trial = 0; trial < STROOP_TRIALS; trial += 1) {
      const ink = INK_NAMES[screen.getByTestId("stroop-word").style.color] ?? "";
      advance(400);
      await user.click(screen.getByRole("button", { name: ink }));
      advance(1300);
    }
    expect(onFinish).toHaveBeenCalledTimes(1);
    const played = onFinish.mock.calls[0]![0];
    expect(played.trials).toHaveLength(STROOP_TRIALS);
    expect(played.trials.every((trial) => trial.correct)).toBe(true);
    expect(played.trials.map((trial) => trial.level).at(-1)).toBe(3);
    expect(gameProblems(played)).toEqual([]);
  });
});
