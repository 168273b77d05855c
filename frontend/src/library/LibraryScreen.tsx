import { useDeferredValue, useState } from "react";
import { Link, useParams } from "react-router";

import type { BodyRegion, ExerciseGoal, LibraryExercise } from "../api/types";
import { Tag } from "../ui/Badge";
import { LinkButton } from "../ui/Button";
import { EmptyState, QueryState } from "../ui/Feedback";
import { SearchField, SelectField } from "../ui/fields";
import { PageHeader } from "../ui/PageHeader";
import { ExerciseDetails } from "./ExerciseDetails";
import { useLibrary, useLibrarySearch } from "./queries";
import { doseLabel, GOAL_LABELS, RECORDING_LABELS, REGION_LABELS } from "./vocabulary";

type Any = "any";
const REGION_OPTIONS = [
  { id: "any" as const, label: "Any region" },
  ...Object.entries(REGION_LABELS).map(([id, label]) => ({ id: id as BodyRegion, label })),
];
const GOAL_OPTIONS = [
  { id: "any" as const, label: "Any goal" },
  ...Object.entries(GOAL_LABELS).map(([id, label]) => ({ id: id as ExerciseGoal, label })),
];

/** The doctors' exercise library: search by name, filter by body region and goal. */
export function LibraryScreen() {
  const [q, setQ] = useState("");
  const [region, setRegion] = useState<BodyRegion | Any>("any");
  const [goal, setGoal] = useState<ExerciseGoal | Any>("any");
  const filters = useDeferredValue({
    q: q.trim(),
    region: region === "any" ? ("" as const) : region,
    goal: goal === "any" ? ("" as const) : goal,
  });
  const found = useLibrarySearch(filters);
  return (
    <>
      <PageHeader
        title="Exercise library"
        subtitle="Common rehabilitation exercises with a demonstration, instructions and a usual dose. Add them to routines."
      />
      <div className="toolbar">
        <SearchField label="Search exercises" value={q} onChange={setQ} placeholder="Exercise name" />
        <SelectField label="Body region" options={REGION_OPTIONS} value={region} onChange={setRegion} />
        <SelectField label="Goal" options={GOAL_OPTIONS} value={goal} onChange={setGoal} />
      </div>
      <QueryState query={found} loadingLabel="Loading the library…" errorTitle="The library could not be loaded.">
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="No exercise matches.">
              <p>Try fewer words, or another region or goal.</p>
            </EmptyState>
          ) : (
            <>
              <p className="muted" role="status">
                {items.length === 1 ? "1 exercise" : `${items.length} exercises`}
              </p>
              <ul className="grid grid-2 plain-list" aria-label="Exercises">
                {items.map((exercise) => (
                  <LibraryCard key={exercise.code} exercise={exercise} />
                ))}
              </ul>
            </>
          )
        }
      </QueryState>
    </>
  );
}

function LibraryCard({ exercise }: { exercise: LibraryExercise }) {
  return (
    <li className="card">
      <h2 className="card-title">
        <Link to={`/library/${exercise.code}`}>{exercise.name}</Link>
      </h2>
      <p className="muted small">{exercise.summary}</p>
      <div className="row">
        <Tag tone="info">{REGION_LABELS[exercise.region]}</Tag>
        <Tag>{GOAL_LABELS[exercise.goal]}</Tag>
        {exercise.recording === "camera" && <Tag tone="success">Camera</Tag>}
      </div>
      <p className="small">{doseLabel(exercise.dose)}</p>
    </li>
  );
}

/** One exercise of the library: its demonstration, steps, cautions, dose and variants. */
export function LibraryExerciseScreen() {
  const { code = "" } = useParams();
  const library = useLibrary();
  const exercise = library.data?.get(code);
  return (
    <>
      <PageHeader
        title={exercise?.name ?? "Exercise"}
        subtitle={exercise ? RECORDING_LABELS[exercise.recording] : undefined}
        actions={<LinkButton to="/library">All exercises</LinkButton>}
      />
      <QueryState query={library} loadingLabel="Loading the exercise…" errorTitle="The exercise could not be loaded.">
        {(all) =>
          exercise ? (
            <section className="card">
              <ExerciseDetails exercise={exercise} />
              <Variants exercise={exercise} library={all} />
            </section>
          ) : (
            <EmptyState title="There is no such exercise in the library.">
              <Link to="/library">Back to the library</Link>
            </EmptyState>
          )
        }
      </QueryState>
    </>
  );
}

function Variants({ exercise, library }: { exercise: LibraryExercise; library: Map<string, LibraryExercise> }) {
  const easier = exercise.easier ? library.get(exercise.easier) : undefined;
  const harder = exercise.harder ? library.get(exercise.harder) : undefined;
  if (!easier && !harder) return null;
  return (
    <p>
      {easier && (
        <>
          Easier: <Link to={`/library/${easier.code}`}>{easier.name}</Link>.{" "}
        </>
      )}
      {harder && (
        <>
          Harder: <Link to={`/library/${harder.code}`}>{harder.name}</Link>.
        </>
      )}
    </p>
  );
}
