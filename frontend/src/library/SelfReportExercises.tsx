import type { ComboItem } from "../api/types";
import { ErrorMessage } from "../ui/Feedback";
import { ExerciseDetails } from "./ExerciseDetails";
import { useLibrary } from "./queries";
import { SelfReportForm } from "./SelfReportForm";

/** The exercises of a planned routine that the patient records by hand: each with its
 * demonstration, how to do it, and a form for the sets and reps done. */
export function SelfReportExercises({ items, weekPlanItemId }: { items: ComboItem[]; weekPlanItemId: number }) {
  const library = useLibrary();
  const own = [...items].sort((a, b) => a.position - b.position).filter((item) => item.recording === "self_report");
  if (own.length === 0) return null;
  if (library.error)
    return <ErrorMessage error={library.error} title="The exercises' instructions could not be loaded." />;
  return (
    <>
      {own.map((item) => {
        const exercise = library.data?.get(item.exercise_code);
        if (!exercise) return null;
        return (
          <section key={item.id} className="self-report-exercise" aria-label={exercise.name}>
            <h3>{exercise.name}</h3>
            <ExerciseDetails exercise={exercise} headingLevel={3} />
            <SelfReportForm exercise={exercise} item={item} weekPlanItemId={weekPlanItemId} />
          </section>
        );
      })}
    </>
  );
}
