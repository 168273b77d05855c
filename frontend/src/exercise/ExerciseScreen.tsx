// The camera exercise screen (route /exercise). `?item=<week plan item id>` does a planned
// routine (from Today); `?exercise=<type>` a free one; neither shows the exercises to choose from.
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";

import { useCurrentUser } from "../auth/AuthProvider";
import { LinkButton } from "../ui/Button";
import { ErrorMessage, Loading, Notice } from "../ui/Feedback";
import { exerciseLabel } from "../ui/format";
import { PageHeader } from "../ui/PageHeader";
import { ExercisePicker } from "./ExercisePicker";
import { ExerciseSession } from "./ExerciseSession";
import { isExerciseType } from "./exercises";
import { freePlan } from "./plan";
import { usePlanForItem } from "./queries";

function parseItemId(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const id = Number(value);
  return id > 0 ? id : null;
}

export function ExerciseScreen() {
  const user = useCurrentUser();
  const [params] = useSearchParams();
  const rawItem = params.get("item");
  const itemId = parseItemId(rawItem);
  const exercise = params.get("exercise");
  const found = usePlanForItem(user.id, itemId);
  // Whether the routine was done before this visit: finishing it here must not change the notice.
  const [doneBefore, setDoneBefore] = useState<boolean | null>(null);
  const doneToday = found.data?.doneToday;
  useEffect(() => {
    if (doneToday !== undefined) setDoneBefore((first) => first ?? doneToday);
  }, [doneToday]);

  if (rawItem !== null) {
    if (itemId === null || found.data === null) {
      return (
        <>
          <PageHeader title="Exercise" />
          <Notice tone="warning" title="This exercise is not in your plan.">
            <p>The link may be old, or your physiotherapist changed your plan.</p>
          </Notice>
          <LinkButton to="/today" variant="primary" size="large">
            Back to Today
          </LinkButton>
        </>
      );
    }
    if (found.error) {
      return (
        <>
          <PageHeader title="Exercise" />
          <ErrorMessage
            error={found.error}
            title="Your plan could not be loaded."
            onRetry={() => void found.refetch()}
          />
        </>
      );
    }
    if (!found.data) return <Loading label="Loading your exercise…" page />;
    const { plan, notToday } = found.data;
    return (
      <>
        <PageHeader title={plan.title} subtitle={subtitleOf(plan.exercises.length)} />
        {doneBefore && (
          <Notice tone="info" title="You already did this routine today.">
            <p>You can do it again; it will be saved as another session.</p>
          </Notice>
        )}
        {notToday && (
          <Notice tone="info" title="This routine is planned for another day.">
            <p>You can still do it now.</p>
          </Notice>
        )}
        <ExerciseSession key={`item-${itemId}`} plan={plan} patientId={user.id} />
      </>
    );
  }

  if (isExerciseType(exercise)) {
    const title = exerciseLabel(exercise);
    return (
      <>
        <PageHeader title={title} subtitle="Free exercise" />
        <ExerciseSession key={`free-${exercise}`} plan={freePlan(exercise, title)} patientId={user.id} />
      </>
    );
  }

  return (
    <>
      <PageHeader title="Exercise" subtitle="Counted by your camera. Your video never leaves this device." />
      <ExercisePicker />
    </>
  );
}

function subtitleOf(exercises: number): string {
  return exercises === 1
    ? "Planned by your physiotherapist"
    : `${exercises} exercises, planned by your physiotherapist`;
}
