import { useEffect } from "react";

import { plannedAt } from "./plan";
import type { FlowState } from "./sessionFlow";
import { useAnnouncer } from "./useAnnouncer";

/** What a screen reader hears during a session: each rep against the goal, form feedback
 * (again when a later rep earns the same words), being out of view, and each saved set. The
 * returned `announce` says anything else (the countdown); `region` must be rendered. */
export function useSessionAnnouncer(flow: FlowState) {
  const { announce, region } = useAnnouncer();
  const goal = plannedAt(flow.plan, flow.position).reps;
  useEffect(() => {
    if (flow.reps > 0) announce(`Rep ${flow.reps} of ${goal}`);
  }, [flow.reps, goal, announce]);
  useEffect(() => {
    if (flow.feedback) announce(flow.feedback);
  }, [flow.feedback, flow.lastRep, announce]);
  useEffect(() => {
    if (flow.outOfView) announce(flow.outOfView);
  }, [flow.outOfView, announce]);
  const lastSet = flow.sets.at(-1);
  useEffect(() => {
    if (lastSet) announce(`Set saved: ${lastSet.reps} reps.`);
  }, [lastSet, announce]);
  return { announce, region };
}
