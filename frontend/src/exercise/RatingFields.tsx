import { Controller, type Control, type FieldValues, type Path } from "react-hook-form";

import type { RatingValues } from "./ratingSchema";
import { ScaleField } from "./ScaleField";

/** The patient's pain and difficulty ratings after exercising, the same in every form that asks
 * (after a camera session, and with a self-reported exercise). */
export function RatingFields<T extends FieldValues & RatingValues>({
  control,
  isDisabled,
}: {
  control: Control<T>;
  isDisabled: boolean;
}) {
  return (
    <>
      <Controller
        control={control}
        name={"pain_score" as Path<T>}
        render={({ field, fieldState }) => (
          <ScaleField
            label="Pain right now"
            min={0}
            max={10}
            lowLabel="no pain"
            highLabel="worst pain imaginable"
            value={field.value}
            onChange={field.onChange}
            errorMessage={fieldState.error?.message}
            isDisabled={isDisabled}
          />
        )}
      />
      <Controller
        control={control}
        name={"difficulty" as Path<T>}
        render={({ field, fieldState }) => (
          <ScaleField
            label="How hard was it?"
            min={1}
            max={10}
            lowLabel="very easy"
            highLabel="could not finish"
            value={field.value}
            onChange={field.onChange}
            errorMessage={fieldState.error?.message}
            isDisabled={isDisabled}
          />
        )}
      />
    </>
  );
}
