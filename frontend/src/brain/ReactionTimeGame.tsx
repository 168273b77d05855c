import { useRef, useState } from "react";
import { Button } from "react-aria-components";

import { GameIntro, type GameProps, GameStatus, StopButton } from "./GameChrome";
import {
  judgePress,
  MISS_AFTER_MS,
  missedTrial,
  REACTION_TRIALS,
  reactionTrial,
  waitBeforeGreen,
} from "./games/reactionTime";
import { reactionMs, type Trial } from "./trials";
import { useTimers } from "./useTimers";
import styles from "./BrainGames.module.css";

type Phase = "intro" | "waiting" | "green" | "too-soon" | "shown";

export function ReactionTimeGame({ onFinish, onQuit, random = Math.random }: GameProps) {
  const timers = useTimers();
  const [phase, setPhase] = useState<Phase>("intro");
  const [trials, setTrials] = useState<Trial[]>([]);
  const [message, setMessage] = useState("");
  const startedAt = useRef(new Date());
  const greenAt = useRef<number | null>(null);
  const pendingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Timer callbacks outlive the render that set them: the trials so far live in a ref.
  const played = useRef<Trial[]>([]);

  const finish = (all: Trial[]) => {
    timers.cancelAll();
    if (all.length === 0) onQuit();
    else onFinish({ game: "reaction-time", startedAt: startedAt.current, endedAt: new Date(), trials: all });
  };

  const wait = () => {
    greenAt.current = null;
    setPhase("waiting");
    setMessage("Wait for green…");
    pendingTimer.current = timers.after(waitBeforeGreen(random), () => {
      greenAt.current = performance.now();
      setPhase("green");
      setMessage("Press now!");
      pendingTimer.current = timers.after(MISS_AFTER_MS, () =>
        record(missedTrial(), "Missed. Try to press as soon as it turns green."),
      );
    });
  };

  const record = (trial: Trial, text: string) => {
    const next = [...played.current, trial];
    played.current = next;
    setTrials(next);
    setPhase("shown");
    setMessage(text);
    timers.after(1100, () => (next.length >= REACTION_TRIALS ? finish(next) : wait()));
  };

  const press = () => {
    const now = performance.now();
    if (phase !== "waiting" && phase !== "green") return;
    const since = greenAt.current === null ? null : now - greenAt.current;
    timers.cancel(pendingTimer.current);
    if (judgePress(since) === "too-soon") {
      setPhase("too-soon");
      setMessage("Too soon. Wait until the circle turns green.");
      timers.after(1400, wait);
      return;
    }
    const ms = reactionMs(greenAt.current ?? now, now);
    const trial = reactionTrial(ms);
    record(trial, trial.correct ? `${Math.round(ms)} ms` : `${Math.round(ms)} ms: a little slow. Keep going!`);
  };

  if (phase === "intro") {
    return (
      <GameIntro
        title="Reaction time"
        onStart={() => {
          startedAt.current = new Date();
          wait();
        }}
      >
        <p>
          A grey circle appears. When it turns <strong>green</strong>, press it (or press the space bar) as fast as you
          can. Pressing before it turns green does not count.
        </p>
        <p className="muted">{REACTION_TRIALS} rounds, about a minute.</p>
      </GameIntro>
    );
  }

  const label =
    phase === "green" ? "Press now!" : phase === "too-soon" ? "Too soon" : phase === "shown" ? message : "Wait…";
  return (
    <div className={styles.board}>
      <GameStatus left={`Round ${Math.min(trials.length + 1, REACTION_TRIALS)} of ${REACTION_TRIALS}`} />
      <Button
        className={[styles.target, phase === "green" && styles.targetGo, phase === "too-soon" && styles.targetSoon]
          .filter(Boolean)
          .join(" ")}
        onPressStart={press}
        autoFocus
        aria-describedby="reaction-prompt"
      >
        {label}
      </Button>
      <p className={styles.prompt} id="reaction-prompt" aria-live="assertive">
        {message}
      </p>
      <StopButton played={trials.length} onStop={() => finish(trials)} />
    </div>
  );
}
