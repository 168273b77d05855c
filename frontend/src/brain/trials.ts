// A finished game as the server takes it (POST /brain-sessions): the game, its start and end,
// and every trial as measured. The server works out the score and refuses a game that could not
// have been played (schemas/brain.py); the same rules are checked here first, so a bug in a game
// shows up in a test instead of as a lost result.
import type { components } from "../api/schema";
import type { BrainGame } from "../ui/vocabulary";

export type BrainSessionCreate = components["schemas"]["BrainSessionCreate"];
export type BrainSession = components["schemas"]["BrainSessionDetail"];

export interface Trial {
  correct: boolean;
  /** Stimulus to answer, in ms; required by the timed games. */
  reaction_ms?: number;
  level: number;
}

export interface PlayedGame {
  game: BrainGame;
  startedAt: Date;
  endedAt: Date;
  trials: Trial[];
}

export const MIN_TRIAL_MS = 150;
export const MIN_REACTION_MS = 100;
export const MAX_REACTION_MS = 60_000;
export const MAX_TRIALS = 500;
export const MAX_GAME_MS = 2 * 60 * 60 * 1000;
export const TIMED_GAMES: ReadonlySet<BrainGame> = new Set(["reaction-time", "stroop"]);

export function firstLevel(game: BrainGame): number {
  // Sequence recall's level is the length of the sequence, which starts at two.
  return game === "sequence-recall" ? 2 : 1;
}

/** Under 100 ms nobody responds to what they saw: such a press was under way before the
 * stimulus (a guess, a double tap), so it is not taken as an answer. */
export function isAnticipation(reactionMs: number): boolean {
  return reactionMs < MIN_REACTION_MS;
}

/** Reaction times are measured with performance.now(), to a fraction of a millisecond. */
export function reactionMs(fromMs: number, toMs: number): number {
  return Math.round((toMs - fromMs) * 10) / 10;
}

/** Why the server would refuse this game (empty when it would take it). */
export function gameProblems({ game, startedAt, endedAt, trials }: PlayedGame): string[] {
  const problems: string[] = [];
  const duration = endedAt.getTime() - startedAt.getTime();
  if (trials.length === 0) problems.push("no trials");
  if (trials.length > MAX_TRIALS) problems.push(`more than ${MAX_TRIALS} trials`);
  if (duration <= 0) problems.push("the game ends before it starts");
  if (duration > MAX_GAME_MS) problems.push("the game lasts over two hours");
  if (trials.length * MIN_TRIAL_MS > duration) problems.push("trials come faster than one per 150 ms");
  const reactions = trials.flatMap((trial) => (trial.reaction_ms === undefined ? [] : [trial.reaction_ms]));
  if (reactions.some((ms) => ms < MIN_REACTION_MS || ms > MAX_REACTION_MS)) {
    problems.push("a reaction time is outside 100-60000 ms");
  }
  if (reactions.reduce((sum, ms) => sum + ms, 0) > duration) {
    problems.push("the reaction times add up to more than the game lasted");
  }
  if (TIMED_GAMES.has(game) && reactions.length < trials.length) {
    problems.push("a timed trial has no reaction time");
  }
  if (trials[0] && trials[0].level !== firstLevel(game)) {
    problems.push(`the first trial is not at level ${firstLevel(game)}`);
  }
  trials.forEach((trial, index) => {
    const before = trials[index - 1];
    if (before && trial.level > before.level + 1) problems.push(`trial ${index}: the level rises by more than one`);
  });
  return problems;
}

export function toSessionCreate(played: PlayedGame): BrainSessionCreate {
  return {
    game: played.game,
    started_at: played.startedAt.toISOString(),
    ended_at: played.endedAt.toISOString(),
    trials: played.trials.map(({ correct, reaction_ms, level }) =>
      reaction_ms === undefined ? { correct, level } : { correct, reaction_ms, level },
    ),
  };
}

/** Random numbers for the games, replaceable by a seeded one in tests. */
export type Random = () => number;

export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}

/** A small seeded generator (mulberry32), so tests replay the same games. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
