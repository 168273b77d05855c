// What the sign-in and registration forms accept, checked before anything is sent. The limits
// are the API's (docs/openapi.json: PatientRegister, ProfileUpdate, PasswordChange).
import { z } from "zod";

import { isKnownTimeZone } from "../ui/timeZones";

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PHONE_PATTERN = /^[0-9 +()-]+$/;

export const loginSchema = z.object({
  username: z.string().trim().min(1, "Enter your username."),
  password: z.string().min(1, "Enter your password."),
});
export type LoginValues = z.infer<typeof loginSchema>;

const optionalEmail = z
  .string()
  .trim()
  .refine(
    (value) => value === "" || z.email().safeParse(value).success,
    "Enter an e-mail address like name@example.com.",
  );

const optionalPhone = z
  .string()
  .trim()
  .refine(
    (value) => value === "" || (value.length >= 3 && value.length <= 32 && PHONE_PATTERN.test(value)),
    "Use digits, spaces and + ( ) - only (3 to 32 characters).",
  );

export const profileFields = {
  full_name: z.string().trim().min(1, "Enter your full name.").max(120, "Use at most 120 characters."),
  email: optionalEmail,
  phone: optionalPhone,
  date_of_birth: z.string(),
};

export const MIN_PASSWORD_LENGTH = 8;

const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(128, "Use at most 128 characters.");

export const registerSchema = z.object({
  username: z
    .string()
    .trim()
    .min(3, "Use at least 3 characters.")
    .max(50, "Use at most 50 characters.")
    .regex(USERNAME_PATTERN, "Start with a letter or digit; then letters, digits, dots, dashes or underscores."),
  password: newPassword,
  ...profileFields,
});
export type RegisterValues = z.infer<typeof registerSchema>;

export const profileSchema = z.object(profileFields);
export type ProfileValues = z.infer<typeof profileSchema>;

export const daySchema = z.object({
  time_zone: z
    .string()
    .trim()
    .min(1, "Enter a time zone, e.g. Europe/Berlin.")
    .max(64, "Use at most 64 characters.")
    .refine(isKnownTimeZone, "Not a known time zone; use a name such as Europe/Berlin."),
  reminder_time: z.string().refine((value) => value === "" || /^\d{2}:\d{2}$/.test(value), "Use a time like 18:30."),
});
export type DayValues = z.infer<typeof daySchema>;

export const passwordChangeSchema = z.object({
  current_password: z.string().min(1, "Enter your current password."),
  new_password: newPassword,
});
export type PasswordChangeValues = z.infer<typeof passwordChangeSchema>;

/** Empty optional fields are left out rather than sent as "" (which the API would refuse). */
export function withoutEmpty<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== "")) as Partial<T>;
}
