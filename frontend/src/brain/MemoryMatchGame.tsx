import { useRef, useState } from "react";
import { Button } from "react-aria-components";

import { GameIntro, type GameProps, GameStatus, StopButton } from "./GameChrome";
import {
  flipCard,
  hideMismatch,
  levelCleared,
  MEMORY_MAX_LEVEL,
  MISMATCH_SHOW_MS,
  newMemoryGame,
  nextMemoryLevel,
  pairsAt,
  type MemoryState,
} from "./games/memoryMatch";
import { useTimers } from "./useTimers";
import styles from "./BrainGames.module.css";

/** A found pair stays lit a moment before the next card can be turned: it reads as success,
 * and keeps trials further apart than the server's 150 ms minimum. */
const MATCH_PAUSE_MS = 400;
const LEVEL_PAUSE_MS = 1500;

export function MemoryMatchGame({ onFinish, onQuit, random = Math.random }: GameProps) {
  const timers = useTimers();
  const [state, setState] = useState<MemoryState | null>(null);
  const [message, setMessage] = useState("");
  const current = useRef<MemoryState | null>(null);
  const startedAt = useRef(new Date());

  const update = (next: MemoryState) => {
    current.current = next;
    setState(next);
  };

  const finish = () => {
    timers.cancelAll();
    const trials = current.current?.trials ?? [];
    if (trials.length === 0) onQuit();
    else onFinish({ game: "memory-match", startedAt: startedAt.current, endedAt: new Date(), trials });
  };

  const flip = (index: number) => {
    const before = current.current;
    if (!before) return;
    const { state: after, result } = flipCard(before, index);
    if (result === "ignored") return;
    const symbol = after.cards[index]!.symbol.name;
    if (result === "first") {
      update(after);
      setMessage(`${symbol}. Now find its pair.`);
    } else if (result === "mismatch") {
      update(after);
      setMessage(`${symbol}: not a pair. Remember where they are.`);
      timers.after(MISMATCH_SHOW_MS, () => current.current && update(hideMismatch(current.current)));
    } else {
      // The match holds the board for a moment (locked), then frees it or deals the next level.
      update({ ...after, locked: true });
      setMessage(`${symbol}: a pair!`);
      timers.after(MATCH_PAUSE_MS, () => {
        const now = current.current;
        if (!now) return;
        if (!levelCleared(now)) {
          update({ ...now, locked: false });
          return;
        }
        const next = nextMemoryLevel(now, random);
        if (!next) {
          setMessage("All pairs found. Well done!");
          finish();
          return;
        }
        setMessage(`Level ${now.level} done. Next: ${pairsAt(next.level)} pairs.`);
        timers.after(LEVEL_PAUSE_MS, () => update(next));
      });
    }
  };

  if (!state) {
    return (
      <GameIntro
        title="Memory match"
        onStart={() => {
          startedAt.current = new Date();
          update(newMemoryGame(random));
        }}
      >
        <p>
          Turn two cards at a time and find the pairs. Take your time: there is no clock. Each level has more cards.
        </p>
        <p className="muted">
          {MEMORY_MAX_LEVEL} levels: {pairsAt(1)}, {pairsAt(2)} and {pairsAt(3)} pairs.
        </p>
      </GameIntro>
    );
  }

  const pairsFound = state.cards.filter((card) => card.matched).length / 2;
  const columns = state.cards.length <= 6 ? 3 : 4;
  return (
    <div className={styles.board}>
      <GameStatus
        left={`Level ${state.level} of ${MEMORY_MAX_LEVEL}`}
        right={`${pairsFound} of ${state.cards.length / 2} pairs`}
      />
      <div className={styles.cards} style={{ ["--columns" as string]: columns }} role="group" aria-label="Cards">
        {state.cards.map((card, index) => {
          const up = card.matched || state.faceUp.includes(index);
          const name = up ? card.symbol.name : "face down";
          return (
            <Button
              key={`${state.level}-${index}`}
              className={[styles.card, up && styles.cardUp, card.matched && styles.cardMatched]
                .filter(Boolean)
                .join(" ")}
              aria-label={`Card ${index + 1}: ${card.matched ? `${name}, matched` : name}`}
              onPress={() => flip(index)}
            >
              {up ? (
                <>
                  <span className={styles.glyph} aria-hidden="true">
                    {card.symbol.glyph}
                  </span>
                  <span aria-hidden="true">{card.symbol.name}</span>
                </>
              ) : (
                <span className={styles.glyph} aria-hidden="true">
                  ?
                </span>
              )}
            </Button>
          );
        })}
      </div>
      <p className={styles.prompt} role="status">
        {message}
      </p>
      <StopButton played={state.trials.length} onStop={finish} />
    </div>
  );
}
