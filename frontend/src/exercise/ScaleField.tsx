// A 0-10 style scale as a row of large radio buttons: one press (or arrow keys) picks a value,
// easier for stiff or shaky hands than a slider, and read out by screen readers as a choice.
import { FieldError, Label, Radio, RadioGroup, Text } from "react-aria-components";

import styles from "./ExerciseScreen.module.css";

interface ScaleFieldProps {
  label: string;
  min: number;
  max: number;
  value: number | undefined;
  onChange: (value: number) => void;
  lowLabel: string;
  highLabel: string;
  errorMessage?: string;
  isDisabled?: boolean;
}

export function ScaleField({
  label,
  min,
  max,
  value,
  onChange,
  lowLabel,
  highLabel,
  errorMessage,
  isDisabled,
}: ScaleFieldProps) {
  const values = Array.from({ length: max - min + 1 }, (_, index) => min + index);
  return (
    <RadioGroup
      className={styles.scale}
      orientation="horizontal"
      value={value === undefined ? null : String(value)}
      onChange={(picked) => onChange(Number(picked))}
      isInvalid={Boolean(errorMessage)}
      isDisabled={isDisabled}
    >
      <Label className={styles.scaleLabel}>{label}</Label>
      <Text slot="description" className={styles.scaleEnds}>
        <span>
          {min} = {lowLabel}
        </span>
        <span>
          {max} = {highLabel}
        </span>
      </Text>
      <div className={styles.scaleOptions}>
        {values.map((option) => (
          <Radio key={option} value={String(option)} className={styles.scaleOption}>
            {option}
          </Radio>
        ))}
      </div>
      <FieldError className="field-error">{errorMessage}</FieldError>
    </RadioGroup>
  );
}
