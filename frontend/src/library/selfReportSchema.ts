import { z } from "zod";

import { ratingSchema } from "../exercise/ratingSchema";

/** What a patient enters for a self-reported exercise: reps done in each set, and the same
 * pain and difficulty ratings as after a camera session (SelfReportCreate). */
export const selfReportSchema = ratingSchema.extend({
  reps: z
    .array(
      z.object({
        done: z
          .number({ error: "Enter the reps you did (0 if none)." })
          .int("Use a whole number of reps.")
          .min(0, "Use 0 to 200 reps.")
          .max(200, "Use 0 to 200 reps."),
      }),
    )
    .min(1, "Record at least one set.")
    .max(20, "Record at most 20 sets."),
});

export type SelfReportValues = z.infer<typeof selfReportSchema>;

export function totalReps(values: Pick<SelfReportValues, "reps">): number {
  return values.reps.reduce((sum, set) => sum + set.done, 0);
}
