// The engine's form flags (docs/api.md, "Form feedback") in the doctor's words.

const FLAG_LABELS: Record<string, string> = {
  wrong_movement: "not the prescribed movement",
  short_curl: "curl short of the target",
  low_arm: "arm short of the target",
  shallow_squat: "squat short of the target",
  low_knee: "knee short of the target",
  knee_below_hip: "knee below hip height",
  partial_rep: "began before coming back",
  trunk_swing: "body swung",
  trunk_lean: "body leaned",
  moving_elbow: "elbow moved",
  bent_elbow: "elbow bent",
  too_fast: "too fast",
};

export function flagLabel(code: string): string {
  return FLAG_LABELS[code] ?? code.replace(/_/g, " ");
}

/** "body leaned 3, too fast 1": the flags a set's reps had, most frequent first (null: none).
 * ``omit`` leaves out a code shown elsewhere (the wrong movement has a tag of its own). */
export function flagWording(counts: Readonly<Record<string, number>>, omit: readonly string[] = []): string | null {
  const listed = Object.entries(counts)
    .filter(([code, count]) => count > 0 && !omit.includes(code))
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([code, count]) => `${flagLabel(code)} ${count}`);
  return listed.length ? listed.join(", ") : null;
}
