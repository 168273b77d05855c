import { ErrorMessage, Loading } from "../ui/Feedback";
import { BRAIN_GAME_LABELS, formatDateTime, formatPercent } from "../ui/format";
import { formatReaction } from "./GameResult";
import { useBrainHistory } from "./queries";
import { Table } from "../ui/Table";

export function BrainHistory({ patientId }: { patientId: number }) {
  const history = useBrainHistory(patientId);
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Your recent games</h2>
      {history.isPending && <Loading label="Loading your games…" />}
      {history.error && (
        <ErrorMessage
          error={history.error}
          title="Your games could not be loaded."
          onRetry={() => void history.refetch()}
        />
      )}
      {history.data && history.data.items.length === 0 && (
        <p className="muted">No games yet. Pick one above to start.</p>
      )}
      {history.data && history.data.items.length > 0 && (
        <div className="table-wrap">
          <Table>
            <caption className="visually-hidden">Your recent brain games, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Game</th>
                <th scope="col">Score</th>
                <th scope="col">Correct</th>
                <th scope="col">Reaction (median)</th>
                <th scope="col">Level</th>
              </tr>
            </thead>
            <tbody>
              {history.data.items.map((session) => (
                <tr key={session.id}>
                  <td>{formatDateTime(session.started_at)}</td>
                  <td>{BRAIN_GAME_LABELS[session.game]}</td>
                  <td>{session.score}</td>
                  <td>{formatPercent(session.accuracy)}</td>
                  <td>{formatReaction(session.median_reaction_ms)}</td>
                  <td>{session.level_reached}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </section>
  );
}
