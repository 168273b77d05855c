// The side panel of the exercise screen, one component per stage of the set.
import { useEffect, useState } from "react";

import { StartingPose } from "../library/Demonstration";
import { useLibrary } from "../library/queries";
import { Button } from "../ui/Button";
import { Loading } from "../ui/Feedback";
import { exerciseLabel, formatDegrees, plural, uncertainWording } from "../ui/format";
import { EXERCISES, phaseLabel, sentence } from "./exercises";
import type { PlannedExercise } from "./plan";
import type { SetupAssessment } from "./setupCheck";
import type { LastRep } from "./sessionFlow";
import { repProgress } from "./sessionFlow";
import type { useCamera } from "./useCamera";
import type { TrackerState } from "./usePoseTracker";
import styles from "./ExerciseScreen.module.css";
import type { VoiceCoach } from "./useVoiceCoach";

interface SetHeadingProps {
  planned: PlannedExercise;
  setNumber: number;
}

function setTitle({ planned, setNumber }: SetHeadingProps): string {
  return `${exerciseLabel(planned.exercise)} · set ${setNumber} of ${planned.sets}`;
}

export function SetupPanel({
  planned,
  setNumber,
  assessment,
  ready,
  tracker,
  onStart,
  onStartAnyway,
  error,
  onFinishEarly,
}: SetHeadingProps & {
  assessment: SetupAssessment | null;
  ready: boolean;
  tracker: TrackerState;
  onStart: () => void;
  /** Offered once the check has not passed for a while; the set is then marked. */
  onStartAnyway?: () => void;
  error: string | null;
  onFinishEarly?: () => void;
}) {
  const loading = tracker.status === "idle" || tracker.status === "loading";
  return (
    <section className={styles.panel} aria-labelledby="setup-title">
      <h2 id="setup-title">Get into position</h2>
      <p className="muted">{setTitle({ planned, setNumber })}</p>
      {loading ? (
        <Loading label="Getting the motion tracker ready… The first time can take a few seconds." />
      ) : (
        <div className={styles.instructionRow}>
          <p
            className={ready ? `${styles.instruction} ${styles.instructionGood}` : styles.instruction}
            aria-live="polite"
          >
            {ready
              ? "You are all set. Press Start when you are ready."
              : (assessment?.instruction ?? "Stand in front of the camera.")}
          </p>
          <StartLikeThis exercise={planned.exercise} />
        </div>
      )}
      {error && (
        <div className="alert alert--error" role="alert">
          <div className="alert-body">
            <p className="alert-title">The set could not start.</p>
            <p>{error}</p>
          </div>
        </div>
      )}
      <div className={styles.panelActions}>
        <Button variant="primary" size="large" isDisabled={!ready} onPress={onStart}>
          Start set {setNumber}
        </Button>
        {!ready && !loading && !onStartAnyway && (
          <p className={styles.meta}>Start becomes available once the checks are ticked.</p>
        )}
        {onStartAnyway && (
          <>
            <p className={styles.meta}>
              Still not right? You can start anyway. Your physiotherapist will see that this set started before the
              camera check passed, so its counts may be less certain.
            </p>
            <Button size="large" onPress={onStartAnyway}>
              Start anyway
            </Button>
          </>
        )}
        {onFinishEarly && (
          <Button size="large" onPress={onFinishEarly}>
            Finish now
          </Button>
        )}
      </div>
      {!loading && (
        <ul className={styles.checklist} aria-label="Position checks">
          {(assessment?.checks ?? []).map((check) => (
            <li key={check.id} className={check.ok ? `${styles.check} ${styles.checkOk}` : styles.check}>
              <span className={styles.checkMark} aria-hidden="true">
                {check.ok ? "✓" : "·"}
              </span>
              <span>
                {check.label}
                <span className="visually-hidden">{check.ok ? ": done" : ": not yet"}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className={styles.meta}>{EXERCISES[planned.exercise].placement}</p>
    </section>
  );
}

/** The library's figure in the exercise's starting position, beside the camera check. */
function StartLikeThis({ exercise }: { exercise: PlannedExercise["exercise"] }) {
  const entry = useLibrary().data?.get(exercise);
  if (!entry) return null;
  return (
    <div className={styles.startingPose}>
      <StartingPose demonstration={entry.demonstration} name={entry.name} />
    </div>
  );
}

export function CountdownPanel({ planned, setNumber }: SetHeadingProps) {
  return (
    <section className={styles.panel} aria-labelledby="countdown-title">
      <h2 id="countdown-title">Get ready</h2>
      <p className="muted">{setTitle({ planned, setNumber })}</p>
      <p>Take your starting position. Counting starts after the countdown.</p>
    </section>
  );
}

export function LivePanel({
  planned,
  setNumber,
  reps,
  uncertainReps = 0,
  phase,
  feedback,
  lastRep,
  saving,
  onEndSet,
  voice,
}: SetHeadingProps & {
  reps: number;
  uncertainReps?: number;
  phase: string | null;
  feedback: string | null;
  lastRep: LastRep | null;
  saving: boolean;
  onEndSet: () => void;
  voice?: VoiceCoach;
}) {
  const progress = repProgress(reps, planned.reps);
  return (
    <section className={styles.panel} aria-labelledby="live-title">
      <h2 id="live-title">{setTitle({ planned, setNumber })}</h2>
      <div className={styles.counter}>
        <span className={styles.counterLabel} id="reps-label">
          Reps
        </span>
        <span className={styles.reps} aria-labelledby="reps-label" data-testid="rep-count">
          {reps}
        </span>
        <span className={styles.repsGoal}>of {planned.reps}</span>
        <div
          className={styles.progressTrack}
          role="progressbar"
          aria-label="Rep goal"
          aria-valuemin={0}
          aria-valuemax={planned.reps}
          aria-valuenow={Math.min(reps, planned.reps)}
          aria-valuetext={`${reps} of ${planned.reps} reps`}
        >
          <div className={styles.progressFill} style={{ width: `${progress * 100}%` }} />
        </div>
      </div>
      {/* Room for every note a rep can bring, so that they come and go without moving the
          End set button under the patient's finger. */}
      <div className={styles.liveNotes}>
        {uncertainReps > 0 && (
          <p className={styles.meta} data-testid="uncertain-reps">
            {sentence(uncertainWording(reps, uncertainReps) ?? "")}
          </p>
        )}
        <p className={styles.phase} aria-live="polite" aria-atomic="true">
          {phase ? phaseLabel(phase) : " "}
        </p>
        {feedback && (
          <p className={styles.feedback} data-testid="coaching">
            {feedback}
          </p>
        )}
        {lastRep && (
          <p className={styles.lastRep}>
            Last rep: {formatDegrees(lastRep.romDeg)}
            {lastRep.good === true && " · target reached"}
            {lastRep.good === false &&
              planned.targetRomDeg !== null &&
              ` · aim for ${formatDegrees(planned.targetRomDeg)}`}
          </p>
        )}
      </div>
      <div className={`${styles.panelActions} ${styles.stickyActions}`}>
        {/* Focus follows the set, so a keyboard user ends it without hunting for the button. */}
        <Button variant="primary" size="large" onPress={onEndSet} isPending={saving} autoFocus>
          {saving ? "Saving the set…" : "End set"}
        </Button>
        {voice?.available && (
          <label className={styles.voiceSwitch}>
            <input type="checkbox" checked={voice.on} onChange={(event) => voice.setOn(event.target.checked)} />
            Say the coaching aloud
          </label>
        )}
      </div>
    </section>
  );
}

function useSecondsLeft(total: number): number {
  const [left, setLeft] = useState(total);
  useEffect(() => {
    setLeft(total);
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, total - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [total]);
  return left;
}

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

export function RestPanel({
  done,
  next,
  nextSetNumber,
  onNext,
  onFinishEarly,
}: {
  done: {
    planned: PlannedExercise;
    setNumber: number;
    reps: number;
    countNote: string | null;
    uncertainReps?: number | null;
  };
  next: PlannedExercise;
  nextSetNumber: number;
  onNext: () => void;
  onFinishEarly: () => void;
}) {
  const left = useSecondsLeft(done.planned.restSeconds);
  const newExercise = next.exercise !== done.planned.exercise;
  return (
    <section className={styles.panel} aria-labelledby="rest-title">
      <h2 id="rest-title">Set {done.setNumber} done</h2>
      <p className={styles.counterLabel} data-testid="set-result">
        {plural(done.reps, "rep")} of {done.planned.reps}
      </p>
      {done.countNote && <p className={styles.meta}>{done.countNote}</p>}
      {uncertainWording(done.reps, done.uncertainReps) && (
        <p className={styles.meta} data-testid="set-confidence">
          {sentence(uncertainWording(done.reps, done.uncertainReps) ?? "")} Every rep is kept; your care team sees which
          ones the camera was unsure of.
        </p>
      )}
      {left > 0 ? (
        <>
          <p className="muted">Rest before the next set.</p>
          <p className={styles.restTime} role="timer" aria-label="Rest time left">
            {clock(left)}
          </p>
        </>
      ) : (
        <p className={styles.instruction} role="status">
          Rest is over. Start when you are ready.
        </p>
      )}
      <p>
        Next: <strong>{exerciseLabel(next.exercise)}</strong>, set {nextSetNumber} of {next.sets}
        {newExercise && ". We will check your position first."}
      </p>
      <div className={styles.panelActions}>
        <Button variant="primary" size="large" onPress={onNext} autoFocus>
          {newExercise ? `Go to ${exerciseLabel(next.exercise)}` : `Start set ${nextSetNumber}`}
        </Button>
        <Button size="large" onPress={onFinishEarly}>
          Finish now
        </Button>
      </div>
    </section>
  );
}

export function CameraPanel({
  exerciseName,
  placement,
  camera,
}: {
  exerciseName: string;
  placement: string;
  camera: Pick<ReturnType<typeof useCamera>, "status" | "problem" | "turnOn">;
}) {
  return (
    <section className={styles.panel} aria-labelledby="camera-title">
      <h2 id="camera-title">{exerciseName}</h2>
      <p>{placement}</p>
      <p className="muted">
        The camera counts your reps. Your video stays on this device: only the positions of your joints are sent to your
        care team.
      </p>
      {camera.problem && (
        <div className="alert alert--error" role="alert">
          <div className="alert-body">
            <p className="alert-title">{camera.problem.title}</p>
            <p>{camera.problem.message}</p>
          </div>
        </div>
      )}
      <div className={styles.panelActions}>
        <Button
          variant="primary"
          size="large"
          onPress={() => void camera.turnOn()}
          isPending={camera.status === "opening"}
        >
          {camera.problem ? "Try again" : "Turn on the camera"}
        </Button>
      </div>
    </section>
  );
}

export function TrackerFailedPanel({ message }: { message: string | null }) {
  return (
    <section className={styles.panel}>
      <div className="alert alert--error" role="alert">
        <div className="alert-body">
          <p className="alert-title">{message ?? "The motion tracker stopped."}</p>
          <p>Reload the page to try again. If it keeps happening, use another browser or device.</p>
        </div>
      </div>
      <Button variant="primary" size="large" onPress={() => window.location.reload()}>
        Reload
      </Button>
    </section>
  );
}
