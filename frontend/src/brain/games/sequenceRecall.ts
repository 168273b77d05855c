// Sequence recall: watch the pads light up one after another, then press them in the same
// order. The level is the sequence's length: it grows by one after each correct answer, and
// the game ends at the second mistake or after the longest sequence.
import type { Random, Trial } from "../trials";

export interface Pad {
  id: number;
  name: string;
  colour: string;
}

export const PADS: readonly Pad[] = [
  { id: 0, name: "Sun", colour: "#f2b705" },
  { id: 1, name: "Leaf", colour: "#2e8b57" },
  { id: 2, name: "Sea", colour: "#1f6fb2" },
  { id: 3, name: "Rose", colour: "#c2185b" },
];

export const START_LENGTH = 2;
export const MAX_LENGTH = 9;
export const MAX_MISTAKES = 2;
/** Each pad lights for this long, with a pause between two pads. */
export const LIGHT_MS = 700;
export const GAP_MS = 300;

export function newSequence(length: number, random: Random): number[] {
  return Array.from({ length }, () => Math.min(PADS.length - 1, Math.floor(random() * PADS.length)));
}

export type EntryVerdict = "continue" | "complete" | "wrong";

/** How the presses so far compare with the sequence. */
export function checkEntry(sequence: readonly number[], entered: readonly number[]): EntryVerdict {
  for (let index = 0; index < entered.length; index += 1) {
    if (entered[index] !== sequence[index]) return "wrong";
  }
  return entered.length >= sequence.length ? "complete" : "continue";
}

export interface SequenceProgress {
  length: number;
  mistakes: number;
  finished: boolean;
}

export const SEQUENCE_START: SequenceProgress = { length: START_LENGTH, mistakes: 0, finished: false };

export function advanceSequence(progress: SequenceProgress, correct: boolean): SequenceProgress {
  if (correct) {
    return progress.length >= MAX_LENGTH
      ? { ...progress, finished: true }
      : { ...progress, length: progress.length + 1 };
  }
  const mistakes = progress.mistakes + 1;
  return { ...progress, mistakes, finished: mistakes >= MAX_MISTAKES };
}

export function sequenceTrial(length: number, correct: boolean): Trial {
  return { correct, level: length };
}
