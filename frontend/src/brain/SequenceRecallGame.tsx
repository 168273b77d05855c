import { useEffect, useRef, useState } from "react";
import { Button } from "react-aria-components";

import { GameIntro, type GameProps, GameStatus, StopButton } from "./GameChrome";
import {
  advanceSequence,
  checkEntry,
  GAP_MS,
  LIGHT_MS,
  MAX_LENGTH,
  MAX_MISTAKES,
  newSequence,
  PADS,
  SEQUENCE_START,
  sequenceTrial,
  type SequenceProgress,
} from "./games/sequenceRecall";
import type { Trial } from "./trials";
import { useTimers } from "./useTimers";
import styles from "./BrainGames.module.css";

type Phase = "intro" | "watch" | "repeat" | "verdict";

export function SequenceRecallGame({ onFinish, onQuit, random = Math.random }: GameProps) {
  const timers = useTimers();
  const [phase, setPhase] = useState<Phase>("intro");
  const [lit, setLit] = useState<number | null>(null);
  const [message, setMessage] = useState("");
  const [progress, setProgress] = useState<SequenceProgress>(SEQUENCE_START);
  const sequence = useRef<number[]>([]);
  const entered = useRef<number[]>([]);
  const played = useRef<Trial[]>([]);
  const startedAt = useRef(new Date());

  const finish = () => {
    timers.cancelAll();
    if (played.current.length === 0) onQuit();
    else
      onFinish({ game: "sequence-recall", startedAt: startedAt.current, endedAt: new Date(), trials: played.current });
  };

  const playRound = (length: number) => {
    sequence.current = newSequence(length, random);
    entered.current = [];
    setPhase("watch");
    setMessage(`Watch the ${length} lights.`);
    sequence.current.forEach((pad, step) => {
      const at = 800 + step * (LIGHT_MS + GAP_MS);
      timers.after(at, () => {
        setLit(pad);
        setMessage(`Watch: ${PADS[pad]?.name ?? ""}`);
      });
      timers.after(at + LIGHT_MS, () => setLit(null));
    });
    timers.after(800 + length * (LIGHT_MS + GAP_MS), () => {
      setPhase("repeat");
      setMessage("Your turn: press the pads in the same order.");
    });
  };

  const endRound = (correct: boolean) => {
    const length = sequence.current.length;
    played.current = [...played.current, sequenceTrial(length, correct)];
    const next = advanceSequence(progress, correct);
    setProgress(next);
    setPhase("verdict");
    setMessage(
      correct
        ? "Correct!"
        : `Not quite. ${next.finished ? "" : `${MAX_MISTAKES - next.mistakes} more try left at this length.`}`,
    );
    timers.after(1400, () => (next.finished ? finish() : playRound(next.length)));
  };

  const press = (pad: number) => {
    if (phase !== "repeat") return;
    entered.current = [...entered.current, pad];
    setLit(pad);
    timers.after(250, () => setLit(null));
    const verdict = checkEntry(sequence.current, entered.current);
    if (verdict !== "continue") endRound(verdict === "complete");
  };

  // Keys 1-4 press the pads, in their order on screen.
  useEffect(() => {
    if (phase !== "repeat") return;
    const onKey = (event: KeyboardEvent) => {
      const pad = Number(event.key) - 1;
      if (pad >= 0 && pad < PADS.length && !event.repeat) {
        event.preventDefault();
        press(pad);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (phase === "intro") {
    return (
      <GameIntro
        title="Sequence recall"
        onStart={() => {
          startedAt.current = new Date();
          playRound(SEQUENCE_START.length);
        }}
      >
        <p>
          Watch the pads light up one after another, then press them in the same order. Each correct answer makes the
          next sequence one longer.
        </p>
        <p className="muted">
          The game ends at the second mistake, or after a sequence of {MAX_LENGTH}. Keys 1 to 4 work too.
        </p>
      </GameIntro>
    );
  }

  return (
    <div className={styles.board}>
      <GameStatus
        left={`Sequence of ${sequence.current.length}`}
        right={`Mistakes: ${progress.mistakes} of ${MAX_MISTAKES}`}
      />
      <p className={styles.prompt} role="status">
        {message}
      </p>
      <div className={styles.pads} role="group" aria-label="Pads">
        {PADS.map((pad, index) => (
          <Button
            key={pad.id}
            className={[styles.pad, phase === "repeat" && styles.padActive, lit === pad.id && styles.padLit]
              .filter(Boolean)
              .join(" ")}
            style={{ background: pad.colour }}
            isDisabled={phase !== "repeat"}
            onPress={() => press(pad.id)}
            aria-label={`${pad.name} (${index + 1})${lit === pad.id ? ", lit" : ""}`}
          >
            <span>{pad.name}</span>
            <span aria-hidden="true">{index + 1}</span>
          </Button>
        ))}
      </div>
      <StopButton played={played.current.length} onStop={finish} />
    </div>
  );
}
