import type { ActivityItem } from "../api/types";
import { BRAIN_GAME_LABELS, formatPercent, plural } from "../ui/format";

/** One line that says what a patient did: "Workout · 3 sets, 34 reps · pain 2/10". */
export function describeActivity(item: ActivityItem): { what: string; details: string[] } {
  if (item.kind === "brain") {
    const details = [];
    if (item.score !== null) details.push(`score ${item.score}`);
    if (item.accuracy !== null) details.push(`${formatPercent(item.accuracy)} correct`);
    return { what: `Brain game: ${item.game ? BRAIN_GAME_LABELS[item.game] : "game"}`, details };
  }
  const details = [];
  if (item.sets !== null) details.push(plural(item.sets, "set"));
  if (item.reps_done !== null) details.push(plural(item.reps_done, "rep"));
  if (item.pain_score !== null) details.push(`pain ${item.pain_score}/10`);
  if (item.difficulty !== null) details.push(`difficulty ${item.difficulty}/10`);
  if (item.ended_at === null) details.push("not finished");
  return { what: "Workout", details };
}
