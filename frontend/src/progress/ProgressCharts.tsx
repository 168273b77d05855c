import { lazy, Suspense } from "react";

import { Loading } from "../ui/Feedback";

// The charts library is large; it loads with the first chart, not with the app.
const ProgressPanel = lazy(() => import("./ProgressPanel"));

export function ProgressCharts(props: { patientId: number; audience?: "doctor" | "patient" }) {
  return (
    <Suspense fallback={<Loading label="Loading charts…" />}>
      <ProgressPanel {...props} />
    </Suspense>
  );
}
