// The kit's fields bound to react-hook-form: value, change, blur, the error message and the
// ref that RHF focuses when a submit finds the field invalid.
import type { Key } from "react-aria-components";
import { type Control, type FieldPath, type FieldValues, useController } from "react-hook-form";

import { DateField, TimeField } from "./DateFields";
import {
  NumberField,
  type NumberFieldProps,
  SelectField,
  type SelectFieldProps,
  TextField,
  type TextFieldProps,
} from "./fields";

interface Bound<T extends FieldValues> {
  control: Control<T>;
  name: FieldPath<T>;
}

type Unbound<P> = Omit<P, "value" | "onChange" | "onBlur" | "errorMessage" | "name" | "defaultValue">;

export function FormTextField<T extends FieldValues>({ control, name, ...props }: Bound<T> & Unbound<TextFieldProps>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <TextField
      {...props}
      name={field.name}
      value={field.value ?? ""}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      isDisabled={props.isDisabled ?? field.disabled}
      errorMessage={fieldState.error?.message}
    />
  );
}

export function FormNumberField<T extends FieldValues>({
  control,
  name,
  ...props
}: Bound<T> & Unbound<NumberFieldProps>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <NumberField
      {...props}
      name={field.name}
      value={field.value ?? Number.NaN}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      errorMessage={fieldState.error?.message}
    />
  );
}

export function FormSelectField<T extends FieldValues, K extends Key>({
  control,
  name,
  ...props
}: Bound<T> & Unbound<SelectFieldProps<K>>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <SelectField<K>
      {...props}
      value={field.value}
      onChange={field.onChange}
      onBlur={field.onBlur}
      errorMessage={fieldState.error?.message}
    />
  );
}

export function FormDateField<T extends FieldValues>({
  control,
  name,
  ...props
}: Bound<T> & Unbound<Parameters<typeof DateField>[0]>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <DateField
      {...props}
      value={field.value}
      onChange={field.onChange}
      onBlur={field.onBlur}
      errorMessage={fieldState.error?.message}
    />
  );
}

export function FormTimeField<T extends FieldValues>({
  control,
  name,
  ...props
}: Bound<T> & Unbound<Parameters<typeof TimeField>[0]>) {
  const { field, fieldState } = useController({ control, name });
  return (
    <TimeField
      {...props}
      value={field.value}
      onChange={field.onChange}
      onBlur={field.onBlur}
      errorMessage={fieldState.error?.message}
    />
  );
}
