// Why a patient is on the doctor's "needs attention" list, in the words a physiotherapist uses.
// The rules are the API's (PatientAttention.reasons in docs/openapi.json).
import type { PatientAttention } from "../api/types";
import type { TagTone } from "../ui/Badge";
import { formatPercent } from "../ui/format";

export interface AttentionSignal {
  label: string;
  detail: string;
  tone: TagTone;
}

export function attentionSignals(attention: PatientAttention): AttentionSignal[] {
  return attention.reasons.map((reason) => {
    switch (reason) {
      case "missed_sessions":
        return {
          label: "Missed sessions",
          detail: "Planned exercises on the last two days, none done since.",
          tone: "warning",
        };
      case "high_pain":
        return {
          label: `High pain${attention.max_pain_last_7_days === null ? "" : ` (${attention.max_pain_last_7_days}/10)`}`,
          detail: "A pain rating of 7 or more in the last 7 days.",
          tone: "danger",
        };
      case "adherence_drop":
        return {
          label: "Adherence dropped",
          detail: `${formatPercent(attention.adherence_last_week)} last week, ${formatPercent(attention.adherence_this_week)} so far this week.`,
          tone: "warning",
        };
      case "score_worsened":
        return {
          label: "Questionnaire score worse",
          detail: "The latest outcome questionnaire is worse than the one before by more than its MCID.",
          tone: "danger",
        };
    }
  });
}
