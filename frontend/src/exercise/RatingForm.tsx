import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Button } from "../ui/Button";
import { ratingSchema, type RatingValues } from "./ratingSchema";
import { RatingFields } from "./RatingFields";
import styles from "./ExerciseScreen.module.css";

interface RatingFormProps {
  onSubmit: (rating: RatingValues) => void;
  isPending: boolean;
  error: string | null;
}

/** Pain and difficulty after the session. The form stays on screen while saving and after a
 * failed save, so the answers are never lost: the patient just presses Finish again. */
export function RatingForm({ onSubmit, isPending, error }: RatingFormProps) {
  const { control, handleSubmit } = useForm<RatingValues>({
    resolver: zodResolver(ratingSchema),
    defaultValues: { pain_score: undefined, difficulty: undefined },
  });
  return (
    <form className={styles.rating} onSubmit={(event) => void handleSubmit(onSubmit)(event)} noValidate>
      <h2>How did it go?</h2>
      <p className="muted">Your answers help your physiotherapist adjust your plan.</p>
      <RatingFields control={control} isDisabled={isPending} />
      {error && (
        <div className="alert alert--error" role="alert">
          <div className="alert-body">
            <p className="alert-title">Your session is not saved yet.</p>
            <p>{error} Your answers are kept: press Finish to try again.</p>
          </div>
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" size="large" isPending={isPending}>
          {isPending ? "Saving…" : "Finish"}
        </Button>
      </div>
    </form>
  );
}
