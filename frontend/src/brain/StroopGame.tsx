import { useEffect, useRef, useState } from "react";
import { Button } from "react-aria-components";

import { GameIntro, type GameProps, GameStatus, StopButton } from "./GameChrome";
import {
  advanceStroop,
  colourForKey,
  STROOP_COLOURS,
  STROOP_TIMEOUT_MS,
  STROOP_TRIALS,
  stroopStimulus,
  stroopTrial,
  type StroopColour,
  type StroopProgress,
  type StroopStimulus,
} from "./games/stroop";
import { isAnticipation, reactionMs, type Trial } from "./trials";
import { useTimers } from "./useTimers";
import styles from "./BrainGames.module.css";

/** Inks chosen to stand out on the dark card; the answer buttons name each colour too. */
const INK: Record<StroopColour, string> = {
  red: "#ff6b6b",
  blue: "#6cb4ff",
  green: "#5ee08a",
  yellow: "#ffd84d",
};
const NAME: Record<StroopColour, string> = { red: "Red", blue: "Blue", green: "Green", yellow: "Yellow" };
const PAUSE_MS = 600;

export function StroopGame({ onFinish, onQuit, random = Math.random }: GameProps) {
  const timers = useTimers();
  const [started, setStarted] = useState(false);
  const [stimulus, setStimulus] = useState<StroopStimulus | null>(null);
  const [feedback, setFeedback] = useState("");
  const [count, setCount] = useState(0);
  const progress = useRef<StroopProgress>({ level: 1, streak: 0 });
  const played = useRef<Trial[]>([]);
  const shownAt = useRef(0);
  const startedAt = useRef(new Date());
  const timeout = useRef<ReturnType<typeof setTimeout> | null>(null);

  const finish = () => {
    timers.cancelAll();
    if (played.current.length === 0) onQuit();
    else onFinish({ game: "stroop", startedAt: startedAt.current, endedAt: new Date(), trials: played.current });
  };

  const show = () => {
    const next = stroopStimulus(progress.current.level, random);
    setStimulus(next);
    setFeedback("");
    shownAt.current = performance.now();
    timeout.current = timers.after(STROOP_TIMEOUT_MS, () => answer(next, null));
  };

  const answer = (current: StroopStimulus, colour: StroopColour | null) => {
    const reaction = reactionMs(shownAt.current, performance.now());
    // A press that began before the word was seen is not an answer to it: the word stays.
    if (colour !== null && isAnticipation(reaction)) return;
    timers.cancel(timeout.current);
    const trial = stroopTrial(current, colour, reaction, progress.current.level);
    played.current = [...played.current, trial];
    progress.current = advanceStroop(progress.current, trial.correct);
    setCount(played.current.length);
    setStimulus(null);
    setFeedback(
      colour === null
        ? "Time is up."
        : trial.correct
          ? "Correct"
          : `Not quite: the ink was ${NAME[current.ink].toLowerCase()}.`,
    );
    timers.after(PAUSE_MS + (trial.correct ? 0 : 600), () =>
      played.current.length >= STROOP_TRIALS ? finish() : show(),
    );
  };

  // Keys 1-4 answer, for players who prefer the keyboard.
  useEffect(() => {
    if (!stimulus) return;
    const onKey = (event: KeyboardEvent) => {
      const colour = colourForKey(event.key);
      if (colour && !event.repeat) {
        event.preventDefault();
        answer(stimulus, colour);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (!started) {
    return (
      <GameIntro
        title="Stroop"
        onStart={() => {
          startedAt.current = new Date();
          setStarted(true);
          show();
        }}
      >
        <p>
          A colour word appears, written in a coloured ink. Press the button of the <strong>ink's colour</strong>, not
          the word. For <span style={{ color: "#b3261e", fontWeight: 700 }}>BLUE</span> the answer is Red.
        </p>
        <p className="muted">
          {STROOP_TRIALS} words, about a minute. Keys 1 to 4 work too. If you find colours hard to tell apart, another
          game may suit you better.
        </p>
      </GameIntro>
    );
  }

  return (
    <div className={styles.board}>
      <GameStatus
        left={`Word ${Math.min(count + 1, STROOP_TRIALS)} of ${STROOP_TRIALS}`}
        right={`Level ${progress.current.level}`}
      />
      <div className={styles.stimulus} aria-live="polite" aria-atomic="true">
        {stimulus ? (
          <span style={{ color: INK[stimulus.ink] }} data-testid="stroop-word">
            {stimulus.word.toUpperCase()}
          </span>
        ) : (
          <span aria-hidden="true" />
        )}
      </div>
      <p className={styles.prompt} role="status">
        {feedback}
      </p>
      <div className={styles.answers} role="group" aria-label="Ink colour">
        {STROOP_COLOURS.map((colour, index) => (
          <Button key={colour} className={styles.answer} onPressStart={() => stimulus && answer(stimulus, colour)}>
            <span className={styles.swatch} style={{ background: INK[colour] }} aria-hidden="true" />
            {NAME[colour]}
            <span className={styles.key} aria-hidden="true">
              {index + 1}
            </span>
          </Button>
        ))}
      </div>
      <StopButton played={count} onStop={finish} />
    </div>
  );
}
