import { z } from "zod";

import { profileFields, USERNAME_PATTERN, MIN_PASSWORD_LENGTH } from "../auth/schemas";

export const doctorSchema = z.object({
  username: z
    .string()
    .trim()
    .min(3, "Use at least 3 characters.")
    .max(50, "Use at most 50 characters.")
    .regex(USERNAME_PATTERN, "Start with a letter or digit; then letters, digits, dots, dashes or underscores."),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(128, "Use at most 128 characters."),
  full_name: profileFields.full_name,
  email: profileFields.email,
  phone: profileFields.phone,
});
export type DoctorValues = z.infer<typeof doctorSchema>;
