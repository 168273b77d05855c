// What every game shares: its instructions and a Start button before play, and during play a
// status line and a way to stop (which keeps what was played, when anything was).
import type { ReactNode } from "react";

import { Button } from "../ui/Button";
import type { PlayedGame, Random } from "./trials";
import styles from "./BrainGames.module.css";

/** What the screen gives every game: where to send the finished game, how to leave without
 * one, and (for tests) the random numbers to deal with. */
export interface GameProps {
  onFinish: (played: PlayedGame) => void;
  onQuit: () => void;
  random?: Random;
}

export function GameIntro({ title, children, onStart }: { title: string; children: ReactNode; onStart: () => void }) {
  return (
    <section className={`card ${styles.intro}`} aria-labelledby="game-intro-title">
      <h2 id="game-intro-title">{title}</h2>
      {children}
      <div className="form-actions">
        <Button variant="primary" size="large" onPress={onStart} autoFocus>
          Start
        </Button>
      </div>
    </section>
  );
}

export function GameStatus({ left, right }: { left: string; right?: string }) {
  return (
    <div className={styles.status}>
      <span>{left}</span>
      {right && <span>{right}</span>}
    </div>
  );
}

export function StopButton({ onStop, played }: { onStop: () => void; played: number }) {
  return (
    <Button size="large" onPress={onStop}>
      {played > 0 ? "End game and save" : "Stop"}
    </Button>
  );
}
