import {
  firstLevel,
  gameProblems,
  isAnticipation,
  reactionMs,
  seededRandom,
  shuffle,
  toSessionCreate,
  type PlayedGame,
} from "./trials";

const start = new Date("2026-03-02T10:00:00Z");
const after = (ms: number) => new Date(start.getTime() + ms);

function game(overrides: Partial<PlayedGame>): PlayedGame {
  return {
    game: "reaction-time",
    startedAt: start,
    endedAt: after(10_000),
    trials: [
      { correct: true, reaction_ms: 320, level: 1 },
      { correct: false, reaction_ms: 2400, level: 1 },
    ],
    ...overrides,
  };
}

describe("gameProblems (the server's rules, checked before sending)", () => {
  it("accepts a game that could have been played", () => {
    expect(gameProblems(game({}))).toEqual([]);
    expect(
      gameProblems(
        game({
          game: "sequence-recall",
          trials: [
            { correct: true, level: 2 },
            { correct: false, level: 3 },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it("refuses impossible timing", () => {
    expect(gameProblems(game({ endedAt: start }))).toContain("the game ends before it starts");
    expect(gameProblems(game({ endedAt: after(200) }))).toContain("trials come faster than one per 150 ms");
    expect(gameProblems(game({ endedAt: after(2000) }))).toContain(
      "the reaction times add up to more than the game lasted",
    );
    expect(gameProblems(game({ endedAt: after(3 * 60 * 60 * 1000) }))).toContain("the game lasts over two hours");
  });

  it("refuses reaction times no human has, and timed trials without one", () => {
    expect(gameProblems(game({ trials: [{ correct: true, reaction_ms: 60, level: 1 }] }))).toContain(
      "a reaction time is outside 100-60000 ms",
    );
    expect(gameProblems(game({ game: "stroop", trials: [{ correct: true, level: 1 }] }))).toContain(
      "a timed trial has no reaction time",
    );
    expect(gameProblems(game({ game: "memory-match", trials: [{ correct: true, level: 1 }] }))).toEqual([]);
  });

  it("refuses levels that jump or start wrong", () => {
    expect(gameProblems(game({ trials: [{ correct: true, reaction_ms: 300, level: 2 }] }))).toContain(
      "the first trial is not at level 1",
    );
    expect(
      gameProblems(
        game({
          game: "memory-match",
          trials: [
            { correct: true, level: 1 },
            { correct: true, level: 3 },
          ],
        }),
      ),
    ).toContain("trial 1: the level rises by more than one");
    expect(firstLevel("sequence-recall")).toBe(2);
  });
});

describe("toSessionCreate", () => {
  it("sends ISO times and leaves out missing reaction times", () => {
    const body = toSessionCreate(game({ game: "memory-match", trials: [{ correct: true, level: 1 }] }));
    expect(body).toEqual({
      game: "memory-match",
      started_at: "2026-03-02T10:00:00.000Z",
      ended_at: "2026-03-02T10:00:10.000Z",
      trials: [{ correct: true, level: 1 }],
    });
  });
});

describe("helpers", () => {
  it("takes a press under 100 ms for an anticipation, not an answer", () => {
    expect(isAnticipation(99.9)).toBe(true);
    expect(isAnticipation(100)).toBe(false);
    expect(isAnticipation(450)).toBe(false);
  });

  it("rounds reaction times to a tenth of a millisecond", () => {
    expect(reactionMs(1000, 1312.3456)).toBe(312.3);
  });

  it("shuffles the same way for the same seed, keeping every item", () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const once = shuffle(items, seededRandom(42));
    expect(shuffle(items, seededRandom(42))).toEqual(once);
    expect([...once].sort()).toEqual(items);
    expect(once).not.toEqual(items);
  });
});
