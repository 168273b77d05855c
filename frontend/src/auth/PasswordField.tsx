import { useState } from "react";
import type { Control, FieldPath, FieldValues } from "react-hook-form";

import { Button } from "../ui/Button";
import type { TextFieldProps } from "../ui/fields";
import { FormTextField } from "../ui/formFields";

/** A password with a "Show" button, so people who type slowly or shakily can check it. The
 * button sits outside the field's label so the field's name stays just its label. */
export function PasswordField<T extends FieldValues>({
  control,
  name,
  label,
  autoComplete,
  description,
}: {
  control: Control<T>;
  name: FieldPath<T>;
  label: string;
  autoComplete: "current-password" | "new-password";
  description?: TextFieldProps["description"];
}) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="password-row">
      <FormTextField
        control={control}
        name={name}
        label={label}
        type={visible ? "text" : "password"}
        autoComplete={autoComplete}
        description={description}
      />
      <Button variant="secondary" aria-pressed={visible} onPress={() => setVisible((shown) => !shown)}>
        {visible ? "Hide" : "Show"}
      </Button>
    </div>
  );
}
