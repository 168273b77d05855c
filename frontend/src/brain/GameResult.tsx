import type { UseMutationResult } from "@tanstack/react-query";

import { Button, LinkButton } from "../ui/Button";
import { ErrorMessage, Loading } from "../ui/Feedback";
import { BRAIN_GAME_LABELS, formatPercent } from "../ui/format";
import type { SaveOutcome } from "./queries";
import type { PlayedGame } from "./trials";
import styles from "./BrainGames.module.css";

export function formatReaction(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "—" : `${Math.round(ms)} ms`;
}

/** The game as the server scored it; while saving, a wait; after a failed save, the reason and
 * a retry (the game is kept until it is stored). */
export function GameResult({
  played,
  save,
  onPlayAgain,
}: {
  played: PlayedGame;
  save: UseMutationResult<SaveOutcome, Error, PlayedGame>;
  onPlayAgain: () => void;
}) {
  const title = BRAIN_GAME_LABELS[played.game];
  return (
    <section className="card" aria-labelledby="result-title">
      <h2 id="result-title">{title}: your result</h2>
      {save.isPending && <Loading label="Saving your game…" />}
      {save.isError && (
        <ErrorMessage error={save.error} title="Your game is not saved yet." onRetry={() => save.mutate(played)} />
      )}
      {save.data?.kind === "already-saved" && <p role="status">This game is saved.</p>}
      {save.data?.kind === "saved" && (
        <>
          <p role="status">Saved. Your physiotherapist can see it.</p>
          <div className={styles.stats}>
            <div className="card stat">
              <span className="value" data-testid="result-score">
                {save.data.session.score}
              </span>
              <span className="label">score</span>
            </div>
            <div className="card stat">
              <span className="value">{formatPercent(save.data.session.accuracy)}</span>
              <span className="label">correct</span>
            </div>
            {save.data.session.median_reaction_ms !== null && (
              <div className="card stat">
                <span className="value">{formatReaction(save.data.session.median_reaction_ms)}</span>
                <span className="label">typical reaction (median)</span>
              </div>
            )}
            <div className="card stat">
              <span className="value">{save.data.session.level_reached}</span>
              <span className="label">{played.game === "sequence-recall" ? "longest sequence" : "level reached"}</span>
            </div>
          </div>
        </>
      )}
      <div className="form-actions">
        <LinkButton to="/brain" size="large">
          Choose another game
        </LinkButton>
        <Button variant="primary" size="large" onPress={onPlayAgain} isDisabled={save.isPending}>
          Play again
        </Button>
      </div>
    </section>
  );
}
