import { gameProblems, seededRandom, type Trial } from "../trials";
import {
  deal,
  flipCard,
  hideMismatch,
  levelCleared,
  MEMORY_MAX_LEVEL,
  newMemoryGame,
  nextMemoryLevel,
  pairsAt,
} from "./memoryMatch";
import { judgePress, MAX_WAIT_MS, MIN_WAIT_MS, missedTrial, reactionTrial, waitBeforeGreen } from "./reactionTime";
import { advanceSequence, checkEntry, MAX_LENGTH, newSequence, SEQUENCE_START, sequenceTrial } from "./sequenceRecall";
import {
  advanceStroop,
  colourForKey,
  STREAK_TO_LEVEL_UP,
  STROOP_MAX_LEVEL,
  stroopStimulus,
  stroopTrial,
} from "./stroop";

describe("reaction time", () => {
  it("waits a random 1.2-3.5 s before green", () => {
    expect(waitBeforeGreen(() => 0)).toBe(MIN_WAIT_MS);
    expect(waitBeforeGreen(() => 0.999999)).toBeCloseTo(MAX_WAIT_MS, 0);
  });

  it("does not count a press before green or a guess right after it", () => {
    expect(judgePress(null)).toBe("too-soon");
    expect(judgePress(40)).toBe("too-soon");
    expect(judgePress(180)).toBe("trial");
  });

  it("counts a quick press as correct, a slow one and a miss as errors", () => {
    expect(reactionTrial(350)).toEqual({ correct: true, reaction_ms: 350, level: 1 });
    expect(reactionTrial(2600).correct).toBe(false);
    expect(missedTrial()).toEqual({ correct: false, reaction_ms: 5000, level: 1 });
  });
});

describe("stroop", () => {
  it("never shows a matching word and ink at the top level", () => {
    const random = seededRandom(1);
    for (let trial = 0; trial < 200; trial += 1) {
      const stimulus = stroopStimulus(STROOP_MAX_LEVEL, random);
      expect(stimulus.word).not.toBe(stimulus.ink);
    }
  });

  it("shows about half matching at level 1", () => {
    const random = seededRandom(2);
    const matching = Array.from({ length: 400 }, () => stroopStimulus(1, random)).filter(
      (s) => s.word === s.ink,
    ).length;
    expect(matching).toBeGreaterThan(150);
    expect(matching).toBeLessThan(250);
  });

  it("is correct when the answer is the ink", () => {
    expect(stroopTrial({ word: "red", ink: "blue" }, "blue", 800, 2)).toEqual({
      correct: true,
      reaction_ms: 800,
      level: 2,
    });
    expect(stroopTrial({ word: "red", ink: "blue" }, "red", 800, 2).correct).toBe(false);
    expect(stroopTrial({ word: "red", ink: "blue" }, null, 6000, 2).correct).toBe(false);
  });

  it("moves up a level after a streak, resets the streak on a mistake, and stops at the top", () => {
    let progress = { level: 1, streak: 0 };
    for (let i = 0; i < STREAK_TO_LEVEL_UP - 1; i += 1) progress = advanceStroop(progress, true);
    expect(progress).toEqual({ level: 1, streak: STREAK_TO_LEVEL_UP - 1 });
    expect(advanceStroop(progress, false)).toEqual({ level: 1, streak: 0 });
    progress = advanceStroop(progress, true);
    expect(progress).toEqual({ level: 2, streak: 0 });
    expect(advanceStroop({ level: STROOP_MAX_LEVEL, streak: 10 }, true).level).toBe(STROOP_MAX_LEVEL);
  });

  it("answers with keys 1-4", () => {
    expect(colourForKey("1")).toBe("red");
    expect(colourForKey("4")).toBe("yellow");
    expect(colourForKey("5")).toBeNull();
    expect(colourForKey("a")).toBeNull();
  });
});

describe("memory match", () => {
  it("deals pairs, more at each level", () => {
    const cards = deal(2, seededRandom(3));
    expect(cards).toHaveLength(2 * pairsAt(2));
    const counts = new Map<string, number>();
    cards.forEach((card) => counts.set(card.symbol.id, (counts.get(card.symbol.id) ?? 0) + 1));
    expect([...counts.values()].every((count) => count === 2)).toBe(true);
    expect([1, 2, 3].map(pairsAt)).toEqual([3, 4, 6]);
  });

  it("records a trial per pair tried, and locks the board on a wrong pair", () => {
    let state = newMemoryGame(seededRandom(4));
    const first = 0;
    const partner = state.cards.findIndex(
      (card, index) => index !== first && card.symbol.id === state.cards[first]!.symbol.id,
    );
    const stranger = state.cards.findIndex((card) => card.symbol.id !== state.cards[first]!.symbol.id);

    state = flipCard(state, first).state;
    expect(flipCard(state, first).result).toBe("ignored");
    const wrong = flipCard(state, stranger);
    expect(wrong.result).toBe("mismatch");
    expect(wrong.state.locked).toBe(true);
    expect(flipCard(wrong.state, partner).result).toBe("ignored");
    state = hideMismatch(wrong.state);

    state = flipCard(state, first).state;
    const right = flipCard(state, partner);
    expect(right.result).toBe("match");
    expect(right.state.trials).toEqual([
      { correct: false, level: 1 },
      { correct: true, level: 1 },
    ]);
    expect(flipCard(right.state, partner).result).toBe("ignored");
  });

  it("plays a whole game into trials the server accepts", () => {
    const random = seededRandom(5);
    let state = newMemoryGame(random);
    for (;;) {
      while (!levelCleared(state)) {
        const [a, b] = pairToTry(
          state.cards.map((card) => card.symbol.id),
          state.cards.map((card) => card.matched),
        );
        state = flipCard(flipCard(state, a).state, b).state;
      }
      const next = nextMemoryLevel(state, random);
      if (!next) break;
      state = next;
    }
    expect(state.level).toBe(MEMORY_MAX_LEVEL);
    expect(state.trials).toHaveLength(3 + 4 + 6);
    const start = new Date();
    expect(
      gameProblems({
        game: "memory-match",
        startedAt: start,
        endedAt: new Date(start.getTime() + 60_000),
        trials: state.trials,
      }),
    ).toEqual([]);
  });
});

function pairToTry(ids: string[], matched: boolean[]): [number, number] {
  const a = matched.indexOf(false);
  const b = ids.findIndex((id, index) => index !== a && !matched[index] && id === ids[a]);
  return [a, b];
}

describe("sequence recall", () => {
  it("makes sequences of pads 0-3", () => {
    const sequence = newSequence(6, seededRandom(6));
    expect(sequence).toHaveLength(6);
    expect(sequence.every((pad) => pad >= 0 && pad <= 3)).toBe(true);
  });

  it("checks the presses as they come", () => {
    expect(checkEntry([1, 2, 3], [1])).toBe("continue");
    expect(checkEntry([1, 2, 3], [1, 2, 3])).toBe("complete");
    expect(checkEntry([1, 2, 3], [1, 3])).toBe("wrong");
  });

  it("grows by one after a success, ends at the second mistake or the longest sequence", () => {
    let progress = advanceSequence(SEQUENCE_START, true);
    expect(progress).toEqual({ length: 3, mistakes: 0, finished: false });
    progress = advanceSequence(progress, false);
    expect(progress).toEqual({ length: 3, mistakes: 1, finished: false });
    expect(advanceSequence(progress, false).finished).toBe(true);
    expect(advanceSequence({ length: MAX_LENGTH, mistakes: 0, finished: false }, true).finished).toBe(true);
  });

  it("turns rounds into trials whose level is the length, as the server wants", () => {
    const trials: Trial[] = [];
    let progress = SEQUENCE_START;
    for (const correct of [true, true, false, true, false]) {
      trials.push(sequenceTrial(progress.length, correct));
      progress = advanceSequence(progress, correct);
    }
    expect(trials.map((trial) => trial.level)).toEqual([2, 3, 4, 4, 5]);
    expect(progress.finished).toBe(true);
    const start = new Date();
    expect(
      gameProblems({ game: "sequence-recall", startedAt: start, endedAt: new Date(start.getTime() + 40_000), trials }),
    ).toEqual([]);
  });
});
