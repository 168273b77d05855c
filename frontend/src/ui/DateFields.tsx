// Date and time entry on react-aria (segmented fields a keyboard and a screen reader can use,
// plus a calendar). Values cross the boundary as plain strings ("2026-03-02", "14:30") so
// forms and zod schemas never deal with date objects.
import { type CalendarDate, parseDate, parseTime, type Time, today, getLocalTimeZone } from "@internationalized/date";
import type { ReactNode } from "react";
import {
  Button as AriaButton,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  Popover,
  Text,
  TimeField as AriaTimeField,
} from "react-aria-components";

import { FieldLabel } from "./fields";

function CalendarIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
    >
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M3 10h18M8 3v4M16 3v4" />
    </svg>
  );
}

function parseDateOrNull(value: string | null | undefined): CalendarDate | null {
  if (!value) return null;
  try {
    return parseDate(value);
  } catch {
    return null;
  }
}

interface DateFieldProps {
  label: string;
  value: string | null | undefined;
  onChange: (value: string) => void;
  description?: ReactNode;
  errorMessage?: string;
  optional?: boolean;
  isRequired?: boolean;
  /** "future": today and later; "past": up to today. */
  allow?: "any" | "future" | "past";
  onBlur?: () => void;
}

export function DateField({
  label,
  value,
  onChange,
  description,
  errorMessage,
  optional,
  isRequired,
  allow = "any",
  onBlur,
}: DateFieldProps) {
  const now = today(getLocalTimeZone());
  return (
    <DatePicker
      className="field"
      value={parseDateOrNull(value)}
      onChange={(date) => onChange(date ? date.toString() : "")}
      onBlur={onBlur}
      minValue={allow === "future" ? now : undefined}
      maxValue={allow === "past" ? now : undefined}
      isInvalid={Boolean(errorMessage)}
      isRequired={isRequired}
      validationBehavior="aria"
      granularity="day"
    >
      <FieldLabel label={label} optional={optional} />
      <Group className="date-input">
        <DateInput className="segments">
          {(segment) => <DateSegment segment={segment} className="date-segment" />}
        </DateInput>
        <AriaButton className="button button--quiet button--small" aria-label="Open calendar">
          <CalendarIcon />
        </AriaButton>
      </Group>
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{errorMessage}</FieldError>
      <Popover className="popover">
        <Dialog className="calendar-popover">
          <Calendar>
            <header>
              <AriaButton slot="previous" className="button button--quiet button--icon" aria-label="Previous month">
                ‹
              </AriaButton>
              <Heading />
              <AriaButton slot="next" className="button button--quiet button--icon" aria-label="Next month">
                ›
              </AriaButton>
            </header>
            <CalendarGrid>{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
  );
}

interface TimeFieldProps {
  label: string;
  value: string | null | undefined;
  onChange: (value: string) => void;
  description?: ReactNode;
  errorMessage?: string;
  onBlur?: () => void;
}

/** Hours and minutes ("14:30"), typed or stepped with the arrow keys. */
export function TimeField({ label, value, onChange, description, errorMessage, onBlur }: TimeFieldProps) {
  let time: Time | null;
  try {
    time = value ? parseTime(value) : null;
  } catch {
    time = null;
  }
  return (
    <AriaTimeField
      className="field"
      value={time}
      onChange={(next) => onChange(next ? next.toString().slice(0, 5) : "")}
      onBlur={onBlur}
      isInvalid={Boolean(errorMessage)}
      validationBehavior="aria"
      granularity="minute"
    >
      <FieldLabel label={label} />
      <Group className="date-input">
        <DateInput className="segments">
          {(segment) => <DateSegment segment={segment} className="date-segment" />}
        </DateInput>
      </Group>
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{errorMessage}</FieldError>
    </AriaTimeField>
  );
}
