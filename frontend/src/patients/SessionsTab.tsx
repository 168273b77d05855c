import { Button as AriaButton, Disclosure, DisclosurePanel, Heading } from "react-aria-components";

import type { WorkoutSession } from "../api/types";
import { ListState } from "../ui/Feedback";
import { formatDateTime, formatDegrees, formatDuration, sideLabel, uncertainWording } from "../ui/format";
import { flagWording } from "./formFlags";
import { useWorkoutSessions } from "./queries";
import { exerciseName } from "../library/queries";
import { sessionSummary } from "./sessionSummary";
import { Table } from "../ui/Table";

const SOURCE_LABELS: Record<WorkoutSession["source"], string> = {
  live: "Camera, live",
  legacy_simple_log: "Logged by hand (old app)",
  self_report: "Entered by the patient",
};

function sessionLength(session: WorkoutSession): string {
  if (!session.ended_at) return "not finished";
  return formatDuration((new Date(session.ended_at).getTime() - new Date(session.started_at).getTime()) / 1000);
}

export function SessionsTab({ patientId }: { patientId: number }) {
  const sessions = useWorkoutSessions(patientId);
  return (
    <section aria-labelledby="sessions-heading" className="stack">
      <h2 id="sessions-heading" style={{ margin: 0 }}>
        Sessions
      </h2>
      <ListState
        list={sessions}
        loadingLabel="Loading sessions…"
        errorTitle="The sessions could not be loaded."
        emptyTitle="No workout sessions yet."
      >
        {(items) => (
          <div className="stack">
            {items.map((session) => (
              <SessionRow key={session.id} session={session} />
            ))}
          </div>
        )}
      </ListState>
    </section>
  );
}

function SessionRow({ session }: { session: WorkoutSession }) {
  return (
    <Disclosure className="card session">
      {({ isExpanded }) => (
        <>
          <Heading level={3} style={{ margin: 0 }}>
            <AriaButton slot="trigger" className="session-trigger">
              <span aria-hidden="true" className="chevron">
                {isExpanded ? "▾" : "▸"}
              </span>
              <span className="grow">
                <span className="title">{formatDateTime(session.started_at)}</span>
                <span className="muted small session-summary">{sessionSummary(session)}</span>
              </span>
            </AriaButton>
          </Heading>
          <DisclosurePanel className="session-panel">
            <dl className="facts" style={{ marginBottom: 12 }}>
              <dt>Recorded by</dt>
              <dd>{SOURCE_LABELS[session.source]}</dd>
              <dt>Length</dt>
              <dd>{sessionLength(session)}</dd>
              <dt>Pain</dt>
              <dd>{session.pain_score === null ? "Not rated" : `${session.pain_score} / 10`}</dd>
              <dt>Difficulty</dt>
              <dd>{session.difficulty === null ? "Not rated" : `${session.difficulty} / 10`}</dd>
              {session.notes && (
                <>
                  <dt>Patient's note</dt>
                  <dd className="pre-wrap">{session.notes}</dd>
                </>
              )}
            </dl>
            {session.details.length > 0 && (
              <div className="table-wrap">
                <Table>
                  <caption className="visually-hidden">
                    Sets of the session of {formatDateTime(session.started_at)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Exercise</th>
                      <th scope="col">Side</th>
                      <th scope="col" className="numeric">
                        Set
                      </th>
                      <th scope="col" className="numeric">
                        Reps
                      </th>
                      <th scope="col" className="numeric">
                        Range (mean)
                      </th>
                      <th scope="col" className="numeric">
                        Range (best)
                      </th>
                      <th scope="col" className="numeric">
                        Form
                      </th>
                      <th scope="col" className="numeric">
                        Time
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...session.details]
                      .sort((a, b) => a.position - b.position || a.set_number - b.set_number)
                      .map((detail) => (
                        <tr key={detail.id}>
                          <td>
                            {exerciseName(detail.exercise_code)}
                            {detail.movement_mismatch && (
                              <span className="tag tag--warning">not the prescribed movement</span>
                            )}
                          </td>
                          <td>{sideLabel(detail.side)}</td>
                          <td className="numeric">{detail.set_number}</td>
                          <td className="numeric">
                            {detail.reps_done}
                            {detail.reps_target !== null && <span className="muted"> / {detail.reps_target}</span>}
                            {detail.setup_skipped && (
                              <span className="tag tag--warning">started before the camera check passed</span>
                            )}
                            {detail.slow_camera && detail.frame_rate !== null && (
                              <span className="tag tag--warning">
                                slow camera ({detail.frame_rate.toLocaleString()} frames/s)
                              </span>
                            )}
                            {uncertainWording(detail.reps_done, detail.uncertain_reps) && (
                              <span className="tag tag--warning">
                                {uncertainWording(detail.reps_done, detail.uncertain_reps)}
                              </span>
                            )}
                            {!detail.uncertain_reps && detail.confidence_band === "uncertain" && (
                              <span className="tag tag--warning">count uncertain</span>
                            )}
                          </td>
                          <td className="numeric">
                            {formatDegrees(detail.rom_mean_deg)}
                            {detail.rom_from_world_landmarks && detail.rom_mean_deg !== null && (
                              <abbr
                                className="muted"
                                title="Measured on the pose model's 3-D landmarks, which the camera's angle does not bend"
                              >
                                {" "}
                                3-D
                              </abbr>
                            )}
                          </td>
                          <td className="numeric">{formatDegrees(detail.rom_max_deg)}</td>
                          <td className="numeric">
                            {detail.form_score === null ? "—" : `${Math.round(detail.form_score)}%`}
                            <FlagList detail={detail} />
                          </td>
                          <td className="numeric">{formatDuration(detail.duration_seconds)}</td>
                        </tr>
                      ))}
                  </tbody>
                </Table>
              </div>
            )}
          </DisclosurePanel>
        </>
      )}
    </Disclosure>
  );
}

/** Which form flags the set's reps had, and how many of each (reps, not events). */
function FlagList({ detail }: { detail: WorkoutSession["details"][number] }) {
  const wording = flagWording(detail.flag_counts, detail.movement_mismatch ? ["wrong_movement"] : []);
  if (!wording) return null;
  return (
    <span className="muted small" style={{ display: "block" }}>
      <span className="visually-hidden">Flagged reps: </span>
      {wording}
    </span>
  );
}
