import type { FieldValues, Path, UseFormReturn } from "react-hook-form";

/** Put the API's 422 messages beside the fields they are about (the rest stay in the banner). */
export function applyServerErrors<T extends FieldValues>(
  form: Pick<UseFormReturn<T>, "setError" | "getValues">,
  errors: Record<string, string>,
): void {
  const values = form.getValues() as Record<string, unknown>;
  for (const [path, message] of Object.entries(errors)) {
    const root = path.split(".")[0] ?? path;
    if (root in values) form.setError(path as Path<T>, { type: "server", message });
  }
}
