import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { REACTION_TRIALS } from "./games/reactionTime";
import { ReactionTimeGame } from "./ReactionTimeGame";
import { gameProblems, type PlayedGame } from "./trials";

// Fake clocks drive the game's waits; they still tick with real time, which user-event needs.
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

describe("ReactionTimeGame", () => {
  it("times presses after green, ignores early ones, and hands over a game the server accepts", async () => {
    const user = userEvent.setup({ delay: null });
    const onFinish = vi.fn<(played: PlayedGame) => void>();
    render(<ReactionTimeGame onFinish={onFinish} onQuit={vi.fn()} random={() => 0} />);
    await user.click(screen.getByRole("button", { name: "Start" }));

    // Too soon: the circle is still grey. The round starts over and nothing is recorded.
    await user.click(screen.getByRole("button", { name: "Wait…" }));
    expect(screen.getByText("Too soon. Wait until the circle turns green.")).toBeInTheDocument();
    advance(1400);

    for (let round = 0; round < REACTION_TRIALS; round += 1) {
      advance(1200); // the wait before green, with random() = 0
      const target = screen.getByRole("button", { name: "Press now!" });
      advance(round === 3 ? 2500 : 300);
      await user.click(target);
      advance(1100);
    }

    expect(onFinish).toHaveBeenCalledTimes(1);
    const played = onFinish.mock.calls[0]![0];
    expect(played.game).toBe("reaction-time");
    expect(played.trials).toHaveLength(REACTION_TRIALS);
    expect(played.trials.filter((trial) => !trial.correct)).toHaveLength(1);
    expect(played.trials[0]?.reaction_ms).toBeGreaterThanOrEqual(300);
    // Real time passes too (the clicks take a few ms), but far less than the slow round's 2.5 s.
    expect(played.trials[0]?.reaction_ms).toBeLessThan(1500);
    expect(gameProblems(played)).toEqual([]);
  });

  it("leaves without a game when stopped before any round", async () => {
    const user = userEvent.setup({ delay: null });
    const onQuit = vi.fn();
    render(<ReactionTimeGame onFinish={vi.fn()} onQuit={onQuit} random={() => 0} />);
    await user.click(screen.getByRole("button", { name: "Start" }));
    await user.click(screen.getByRole("button", { name: "Stop" }));
    expect(onQuit).toHaveBeenCalled();
  });
});
