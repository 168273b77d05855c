// Memory match: turn two cards at a time and find the pairs. Each pair attempt is a trial; each
// level deals more pairs.
import { shuffle, type Random, type Trial } from "../trials";

export interface MemorySymbol {
  id: string;
  glyph: string;
  name: string;
}

export const MEMORY_SYMBOLS: readonly MemorySymbol[] = [
  { id: "star", glyph: "★", name: "Star" },
  { id: "circle", glyph: "●", name: "Circle" },
  { id: "triangle", glyph: "▲", name: "Triangle" },
  { id: "square", glyph: "■", name: "Square" },
  { id: "heart", glyph: "♥", name: "Heart" },
  { id: "diamond", glyph: "◆", name: "Diamond" },
];

/** Pairs dealt at levels 1, 2 and 3. */
export const PAIRS_BY_LEVEL = [3, 4, 6] as const;
export const MEMORY_MAX_LEVEL = PAIRS_BY_LEVEL.length;
/** How long a wrong pair stays face up, to be remembered. */
export const MISMATCH_SHOW_MS = 1000;

export interface Card {
  symbol: MemorySymbol;
  matched: boolean;
}

export interface MemoryState {
  level: number;
  cards: Card[];
  /** Cards turned face up and not yet matched (0, 1 or 2). */
  faceUp: number[];
  /** A wrong pair is showing: no card can be turned until it is hidden. */
  locked: boolean;
  trials: Trial[];
}

export function pairsAt(level: number): number {
  return PAIRS_BY_LEVEL[Math.min(level, MEMORY_MAX_LEVEL) - 1] ?? PAIRS_BY_LEVEL[0];
}

export function deal(level: number, random: Random): Card[] {
  const symbols = MEMORY_SYMBOLS.slice(0, pairsAt(level));
  return shuffle([...symbols, ...symbols], random).map((symbol) => ({ symbol, matched: false }));
}

export function newMemoryGame(random: Random, level = 1): MemoryState {
  return { level, cards: deal(level, random), faceUp: [], locked: false, trials: [] };
}

export type FlipResult = "ignored" | "first" | "match" | "mismatch";

export function flipCard(state: MemoryState, index: number): { state: MemoryState; result: FlipResult } {
  const card = state.cards[index];
  if (!card || card.matched || state.locked || state.faceUp.includes(index)) {
    return { state, result: "ignored" };
  }
  if (state.faceUp.length === 0) {
    return { state: { ...state, faceUp: [index] }, result: "first" };
  }
  const first = state.faceUp[0]!;
  const match = state.cards[first]!.symbol.id === card.symbol.id;
  const trial: Trial = { correct: match, level: state.level };
  if (match) {
    const cards = state.cards.map((each, position) =>
      position === first || position === index ? { ...each, matched: true } : each,
    );
    return { state: { ...state, cards, faceUp: [], trials: [...state.trials, trial] }, result: "match" };
  }
  return {
    state: { ...state, faceUp: [first, index], locked: true, trials: [...state.trials, trial] },
    result: "mismatch",
  };
}

export function hideMismatch(state: MemoryState): MemoryState {
  return { ...state, faceUp: [], locked: false };
}

export function levelCleared(state: MemoryState): boolean {
  return state.cards.every((card) => card.matched);
}

/** The next level's deal, keeping the trials so far; null after the last level. */
export function nextMemoryLevel(state: MemoryState, random: Random): MemoryState | null {
  if (state.level >= MEMORY_MAX_LEVEL) return null;
  const level = state.level + 1;
  return { ...state, level, cards: deal(level, random), faceUp: [], locked: false };
}
