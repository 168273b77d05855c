// Stroop: a colour word written in a colour ink; answer with the ink, not the word. Harder
// levels show fewer words whose ink matches them, which is where the interference lies.
import type { Random, Trial } from "../trials";

export const STROOP_COLOURS = ["red", "blue", "green", "yellow"] as const;
export type StroopColour = (typeof STROOP_COLOURS)[number];

export interface StroopStimulus {
  word: StroopColour;
  ink: StroopColour;
}

export const STROOP_TRIALS = 16;
export const STROOP_MAX_LEVEL = 3;
/** Correct answers in a row that move the game up a level. */
export const STREAK_TO_LEVEL_UP = 4;
export const STROOP_TIMEOUT_MS = 6000;

/** Share of trials whose word and ink agree, per level. */
const CONGRUENT_SHARE: Record<number, number> = { 1: 0.5, 2: 0.25, 3: 0 };

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;
}

export function stroopStimulus(level: number, random: Random): StroopStimulus {
  const ink = pick(STROOP_COLOURS, random);
  const congruent = random() < (CONGRUENT_SHARE[level] ?? 0);
  const word = congruent
    ? ink
    : pick(
        STROOP_COLOURS.filter((colour) => colour !== ink),
        random,
      );
  return { word, ink };
}

export function stroopTrial(
  stimulus: StroopStimulus,
  answer: StroopColour | null,
  reactionMs: number,
  level: number,
): Trial {
  return { correct: answer === stimulus.ink, reaction_ms: reactionMs, level };
}

export interface StroopProgress {
  level: number;
  streak: number;
}

export function advanceStroop(progress: StroopProgress, correct: boolean): StroopProgress {
  if (!correct) return { level: progress.level, streak: 0 };
  const streak = progress.streak + 1;
  if (streak >= STREAK_TO_LEVEL_UP && progress.level < STROOP_MAX_LEVEL) {
    return { level: progress.level + 1, streak: 0 };
  }
  return { level: progress.level, streak };
}

/** Keys 1-4 answer, in the order the buttons are shown. */
export function colourForKey(key: string): StroopColour | null {
  const index = Number(key) - 1;
  return Number.isInteger(index) && index >= 0 && index < STROOP_COLOURS.length ? STROOP_COLOURS[index]! : null;
}
