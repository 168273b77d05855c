import type { WorkoutSession } from "../api/types";
import { exerciseName } from "../library/queries";
import { formatDegrees, plural } from "../ui/format";

/** The exercises of a session in order, each once. */
export function sessionExercises(session: WorkoutSession): string[] {
  const seen: string[] = [];
  for (const detail of [...session.details].sort((a, b) => a.position - b.position)) {
    const label = exerciseName(detail.exercise_code);
    if (!seen.includes(label)) seen.push(label);
  }
  return seen;
}

/** "Squat, Knee raise · 6 sets, 58 reps · best 92° · pain 3/10". */
export function sessionSummary(session: WorkoutSession): string {
  const reps = session.details.reduce((sum, detail) => sum + detail.reps_done, 0);
  const best = session.details.reduce<number | null>(
    (max, detail) =>
      detail.rom_max_deg !== null && (max === null || detail.rom_max_deg > max) ? detail.rom_max_deg : max,
    null,
  );
  const parts = [
    sessionExercises(session).join(", ") || "No sets recorded",
    `${plural(session.details.length, "set")}, ${plural(reps, "rep")}`,
  ];
  if (best !== null) parts.push(`best ${formatDegrees(best)}`);
  if (session.pain_score !== null) parts.push(`pain ${session.pain_score}/10`);
  if (session.ended_at === null) parts.push("not finished");
  return parts.join(" · ");
}
