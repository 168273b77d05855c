import type { LibraryExercise } from "../api/types";
import { Tag } from "../ui/Badge";
import { Demonstration } from "./Demonstration";
import { doseLabel, GOAL_LABELS, RECORDING_LABELS, REGION_LABELS } from "./vocabulary";

/** An exercise as a patient or doctor reads it: the moving figure, the steps, the cautions. */
export function ExerciseDetails({
  exercise,
  headingLevel = 2,
}: {
  exercise: LibraryExercise;
  headingLevel?: 2 | 3 | 4;
}) {
  const Heading = `h${headingLevel + 1}` as "h3" | "h4" | "h5";
  return (
    <div className="stack">
      <div className="row">
        <Tag tone="info">{REGION_LABELS[exercise.region]}</Tag>
        <Tag>{GOAL_LABELS[exercise.goal]}</Tag>
        <Tag tone={exercise.recording === "camera" ? "success" : "neutral"}>{RECORDING_LABELS[exercise.recording]}</Tag>
      </div>
      <p>{exercise.summary}</p>
      <figure className="demonstration">
        <Demonstration demonstration={exercise.demonstration} name={exercise.name} />
        <figcaption>
          <Heading>How to do it</Heading>
          <ol>
            {exercise.instructions.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </figcaption>
      </figure>
      <Heading>Take care</Heading>
      <ul>
        {exercise.cautions.map((caution) => (
          <li key={caution}>{caution}</li>
        ))}
      </ul>
      <p>
        <strong>Usual dose:</strong> {doseLabel(exercise.dose)}
        {exercise.equipment.length > 0 && (
          <>
            <br />
            <strong>You need:</strong> {exercise.equipment.join(", ")}
          </>
        )}
      </p>
    </div>
  );
}
