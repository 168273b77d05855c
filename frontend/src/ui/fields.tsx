// Labelled form fields on react-aria-components: every input has a visible label, a
// description and an error message tied to it for screen readers.
import type { ReactNode, Ref } from "react";
import {
  Button as AriaButton,
  Checkbox as AriaCheckbox,
  type CheckboxProps as AriaCheckboxProps,
  FieldError,
  Group,
  type Key,
  Input,
  Label,
  Collection,
  Header,
  ListBox,
  ListBoxItem,
  ListBoxSection,
  NumberField as AriaNumberField,
  type NumberFieldProps as AriaNumberFieldProps,
  Popover,
  SearchField as AriaSearchField,
  Select,
  SelectValue,
  Text,
  TextArea,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from "react-aria-components";

export function FieldLabel({ label, optional }: { label: string; optional?: boolean }) {
  return (
    <Label className="field-label">
      {label}
      {optional && <span className="optional"> (optional)</span>}
    </Label>
  );
}

/** The hint under a field, replaced by the error while there is one (the error says what to do). */
function HelpAndError({ description, errorMessage }: { description?: ReactNode; errorMessage?: string }) {
  return (
    <>
      {description && !errorMessage && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{errorMessage}</FieldError>
    </>
  );
}

export interface TextFieldProps extends Omit<AriaTextFieldProps, "className" | "children"> {
  label: string;
  description?: ReactNode;
  errorMessage?: string;
  optional?: boolean;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
  className?: string;
  /** The id of a <datalist> of suggestions. */
  list?: string;
}

export function TextField({
  label,
  description,
  errorMessage,
  optional,
  multiline,
  rows,
  placeholder,
  inputRef,
  className,
  list,
  ...props
}: TextFieldProps) {
  return (
    <AriaTextField
      {...props}
      className={className ? `field ${className}` : "field"}
      isInvalid={Boolean(errorMessage) || props.isInvalid}
      validationBehavior="aria"
    >
      <FieldLabel label={label} optional={optional} />
      {multiline ? (
        <TextArea ref={inputRef} rows={rows ?? 4} placeholder={placeholder} />
      ) : (
        <Input ref={inputRef} placeholder={placeholder} list={list} />
      )}
      <HelpAndError description={description} errorMessage={errorMessage} />
    </AriaTextField>
  );
}

export interface NumberFieldProps extends Omit<AriaNumberFieldProps, "className" | "children"> {
  label: string;
  description?: ReactNode;
  errorMessage?: string;
  optional?: boolean;
  unit?: string;
  inputRef?: Ref<HTMLInputElement>;
}

/** A number with − and + buttons (large targets, no fiddly typing needed). A number outside
 * ``minValue``..``maxValue`` is kept as typed, marked invalid, for the form's validation to refuse
 * with a message: React Aria, given the bounds, would clamp it on blur and silently change what a
 * clinician wrote. */
export function NumberField({
  label,
  description,
  errorMessage,
  optional,
  unit,
  inputRef,
  minValue,
  maxValue,
  ...props
}: NumberFieldProps) {
  const value = props.value ?? Number.NaN;
  const outside = (minValue !== undefined && value < minValue) || (maxValue !== undefined && value > maxValue);
  return (
    <AriaNumberField
      {...props}
      className="field"
      isInvalid={Boolean(errorMessage) || outside || props.isInvalid}
      validationBehavior="aria"
    >
      <FieldLabel label={unit ? `${label} (${unit})` : label} optional={optional} />
      <Group className="number-group">
        <Input ref={inputRef} />
        <AriaButton slot="decrement" className="button">
          −
        </AriaButton>
        <AriaButton slot="increment" className="button">
          +
        </AriaButton>
      </Group>
      <HelpAndError description={description} errorMessage={errorMessage} />
    </AriaNumberField>
  );
}

export interface Option<K extends Key> {
  id: K;
  label: string;
  /** Options with a group are listed under its heading (e.g. routines by their author). */
  group?: string;
}

/** Options in their groups, in the order each group first appears; ungrouped ones alone. */
export function groupOptions<K extends Key>(options: readonly Option<K>[]): { name: string; options: Option<K>[] }[] {
  const groups = new Map<string, Option<K>[]>();
  for (const option of options) {
    const name = option.group ?? "";
    groups.set(name, [...(groups.get(name) ?? []), option]);
  }
  return [...groups].map(([name, grouped]) => ({ name, options: grouped }));
}

export interface SelectFieldProps<K extends Key> {
  label: string;
  options: readonly Option<K>[];
  value: K | null | undefined;
  onChange: (value: K) => void;
  description?: ReactNode;
  errorMessage?: string;
  placeholder?: string;
  optional?: boolean;
  isDisabled?: boolean;
  isRequired?: boolean;
  onBlur?: () => void;
  className?: string;
}

function optionItem<K extends Key>(option: Option<K>) {
  return (
    <ListBoxItem id={option.id} className="listbox-item" textValue={option.label}>
      {option.label}
    </ListBoxItem>
  );
}

export function SelectField<K extends Key>({
  label,
  options,
  value,
  onChange,
  description,
  errorMessage,
  placeholder,
  optional,
  isDisabled,
  isRequired,
  onBlur,
  className,
}: SelectFieldProps<K>) {
  return (
    <Select
      className={className ? `field ${className}` : "field"}
      value={value ?? null}
      onChange={(key) => {
        if (key !== null) onChange(key as K);
      }}
      onBlur={onBlur}
      placeholder={placeholder ?? "Choose…"}
      isInvalid={Boolean(errorMessage)}
      isDisabled={isDisabled}
      isRequired={isRequired}
      validationBehavior="aria"
    >
      <FieldLabel label={label} optional={optional} />
      <AriaButton className="select-button">
        <SelectValue />
        <span className="chevron" aria-hidden="true">
          ▾
        </span>
      </AriaButton>
      <HelpAndError description={description} errorMessage={errorMessage} />
      <Popover className="popover">
        {options.some((option) => option.group) ? (
          <ListBox className="listbox">
            {groupOptions(options).map((group) => (
              <ListBoxSection key={group.name} className="listbox-section">
                <Header className="listbox-header">{group.name}</Header>
                <Collection items={group.options}>{optionItem}</Collection>
              </ListBoxSection>
            ))}
          </ListBox>
        ) : (
          <ListBox className="listbox" items={options}>
            {optionItem}
          </ListBox>
        )}
      </Popover>
    </Select>
  );
}

export function Checkbox({
  children,
  ...props
}: Omit<AriaCheckboxProps, "className" | "children"> & { children: ReactNode }) {
  return (
    <AriaCheckbox {...props} className="checkbox">
      {({ isSelected }) => (
        <>
          <span className="box" aria-hidden="true">
            {isSelected ? "✓" : ""}
          </span>
          <span>{children}</span>
        </>
      )}
    </AriaCheckbox>
  );
}

export function SearchField({
  label,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  return (
    <AriaSearchField className="field search-field" value={value} onChange={onChange}>
      <FieldLabel label={label} />
      <Input placeholder={placeholder} />
      <AriaButton className="clear" aria-label="Clear search">
        ×
      </AriaButton>
    </AriaSearchField>
  );
}
