import { LinkButton } from "../ui/Button";
import { exerciseName } from "../library/queries";
import { formatDegrees, formatDuration } from "../ui/format";
import type { WorkoutSession } from "./live/protocol";
import styles from "./ExerciseScreen.module.css";
import { Table } from "../ui/Table";

/** The finished session as the server stored it: what the physiotherapist will see too. */
export function SessionSummary({ session, title }: { session: WorkoutSession; title: string }) {
  const sets = [...session.details].sort((a, b) => a.position - b.position);
  const reps = sets.reduce((sum, set) => sum + set.reps_done, 0);
  const seconds = sets.reduce((sum, set) => sum + set.duration_seconds, 0);
  return (
    <section className={`card ${styles.single}`} aria-labelledby="summary-title">
      <h2 id="summary-title">Well done: {title} is saved</h2>
      <p className="muted">Your physiotherapist can see this session now.</p>
      <div className={styles.summaryStats}>
        <div className="card stat">
          <span className="value" data-testid="summary-reps">
            {reps}
          </span>
          <span className="label">reps in all</span>
        </div>
        <div className="card stat">
          <span className="value">{sets.length}</span>
          <span className="label">{sets.length === 1 ? "set" : "sets"}</span>
        </div>
        <div className="card stat">
          <span className="value">{formatDuration(seconds)}</span>
          <span className="label">in sets</span>
        </div>
        <div className="card stat">
          <span className="value">
            {session.pain_score ?? "—"} / {session.difficulty ?? "—"}
          </span>
          <span className="label">pain / difficulty</span>
        </div>
      </div>
      {sets.length > 0 && (
        <div className="table-wrap">
          <Table>
            <caption className="visually-hidden">Your sets</caption>
            <thead>
              <tr>
                <th scope="col">Exercise</th>
                <th scope="col">Set</th>
                <th scope="col">Reps</th>
                <th scope="col">Range of motion (mean)</th>
              </tr>
            </thead>
            <tbody>
              {sets.map((set) => (
                <tr key={set.id}>
                  <td>{exerciseName(set.exercise_code)}</td>
                  <td>{set.set_number}</td>
                  <td>
                    {set.reps_done}
                    {set.reps_target !== null && ` of ${set.reps_target}`}
                  </td>
                  <td>{formatDegrees(set.rom_mean_deg)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      <div className="form-actions">
        <LinkButton to="/exercise" size="large">
          Do another exercise
        </LinkButton>
        <LinkButton to="/today" variant="primary" size="large">
          Back to Today
        </LinkButton>
      </div>
    </section>
  );
}
