// Reaction time: wait for the circle to turn green, then press as fast as you can.
import { isAnticipation, type Random, type Trial } from "../trials";

export const REACTION_TRIALS = 10;
/** The wait before green is random, so the moment cannot be guessed. */
export const MIN_WAIT_MS = 1200;
export const MAX_WAIT_MS = 3500;
/** A press within this long after green counts as a good reaction (generous: our patients are
 * often older, or recovering from a stroke). */
export const RESPONSE_LIMIT_MS = 2000;
/** No press this long after green: the trial is a miss, and the game goes on. */
export const MISS_AFTER_MS = 5000;

export function waitBeforeGreen(random: Random): number {
  return MIN_WAIT_MS + random() * (MAX_WAIT_MS - MIN_WAIT_MS);
}

export type PressVerdict = "too-soon" | "trial";

/** A press before green, or so soon after it that it was a guess, is not a reaction: the same
 * trial starts over. */
export function judgePress(msSinceGreen: number | null): PressVerdict {
  return msSinceGreen === null || isAnticipation(msSinceGreen) ? "too-soon" : "trial";
}

export function reactionTrial(reactionMs: number): Trial {
  return { correct: reactionMs <= RESPONSE_LIMIT_MS, reaction_ms: reactionMs, level: 1 };
}

export function missedTrial(): Trial {
  return { correct: false, reaction_ms: MISS_AFTER_MS, level: 1 };
}
