import { z } from "zod";

/** How the session went: pain 0 (none) to 10 (worst imaginable), difficulty 1 (very easy) to
 * 10 (could not finish), as the server's PainScore and DifficultyScore take them. */
export const ratingSchema = z.object({
  pain_score: z
    .number({ error: "Choose how much pain you feel, from 0 to 10." })
    .int()
    .min(0, "Choose how much pain you feel, from 0 to 10.")
    .max(10, "Choose how much pain you feel, from 0 to 10."),
  difficulty: z
    .number({ error: "Choose how hard it was, from 1 to 10." })
    .int()
    .min(1, "Choose how hard it was, from 1 to 10.")
    .max(10, "Choose how hard it was, from 1 to 10."),
});

export type RatingValues = z.infer<typeof ratingSchema>;
