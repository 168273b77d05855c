import { Link } from "react-router";

import { exerciseLabel } from "../ui/format";
import { EXERCISE_TYPES } from "../ui/vocabulary";
import { EXERCISES } from "./exercises";
import styles from "./ExerciseScreen.module.css";

/** A free exercise: each choice is a link (`?exercise=squat`), so it can be bookmarked. */
export function ExercisePicker() {
  return (
    <section aria-labelledby="picker-title">
      <h2 id="picker-title">Choose an exercise</h2>
      <p className="muted">Three sets of ten, with a minute's rest between them. Stop whenever you like.</p>
      <ul className={styles.picker}>
        {EXERCISE_TYPES.map((type) => (
          <li key={type}>
            <Link className={styles.pickerOption} to={`/exercise?exercise=${type}`}>
              <span className={styles.pickerName}>{exerciseLabel(type)}</span>
              <p>{EXERCISES[type].placement}</p>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
