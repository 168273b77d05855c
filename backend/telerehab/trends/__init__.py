"""Progress over time, in SQL, by concern:

- ``buckets``: a trend's window (the ``from`` / ``to`` parameters) and its day or week buckets;
- ``series``: one patient's range of motion, pain, brain games and weekly adherence;
- ``attention``: the doctor's list of patients who need a look, and why;
- ``activity``: the recent sessions of all of a doctor's patients, page by page.

The names below are the package's public face, for the routers and schemas that use them.
"""

from telerehab.trends.activity import ActivityKind, recent_activity
from telerehab.trends.attention import attention_list, patient_zones
from telerehab.trends.buckets import (
    CLINICIANS_ONLY,
    PATIENT_NOT_YOURS,
    TREND_RESPONSES,
    BucketQuery,
    ClosedPeriod,
    Period,
    PeriodQuery,
    TrendBucket,
)
from telerehab.trends.series import adherence_series, brain_trend, pain_trend, range_of_motion_trend

__all__ = [
    "CLINICIANS_ONLY",
    "PATIENT_NOT_YOURS",
    "TREND_RESPONSES",
    "ActivityKind",
    "BucketQuery",
    "ClosedPeriod",
    "Period",
    "PeriodQuery",
    "TrendBucket",
    "adherence_series",
    "attention_list",
    "brain_trend",
    "pain_trend",
    "patient_zones",
    "range_of_motion_trend",
    "recent_activity",
]
