import type { ComboItem } from "../api/types";
import { useExerciseName } from "../library/queries";
import { formatDegrees, plural, sideLabel } from "../ui/format";

/** A routine's exercises in order: what, which side, how much, how far. */
export function ExerciseList({ items }: { items: ComboItem[] }) {
  const exerciseName = useExerciseName();
  return (
    <ol className="exercise-list">
      {[...items]
        .sort((a, b) => a.position - b.position)
        .map((item) => (
          <li key={item.id}>
            <span className="exercise-name">{exerciseName(item.exercise_code)}</span>
            <span>{sideLabel(item.side)}</span>
            <span>
              {plural(item.sets, "set")} × {plural(item.reps, "rep")}
            </span>
            <span className="muted">rest {item.rest_seconds} s</span>
            {item.target_rom_deg !== null && <span className="muted">target {formatDegrees(item.target_rom_deg)}</span>}
          </li>
        ))}
    </ol>
  );
}
