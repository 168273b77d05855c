"""Weekly progression proposals over HTTP: a doctor caring for the patient reads them (made on
first read for the finished week) and decides each; the rules are in
``telerehab.progression``."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from telerehab.dependencies import AccessiblePatient, DbSession, Doctor
from telerehab.models import ProgressionProposal
from telerehab.progression import decisions, proposals
from telerehab.schemas.base import BoundedDate, Page
from telerehab.schemas.progression import ProgressionDecision, ProgressionProposalRead
from telerehab.web.pagination import PageQuery, paginate

router = APIRouter(tags=["progression"])

DOCTORS_ONLY: dict[int | str, dict[str, Any]] = {
    403: {"description": "Only a doctor caring for the patient sees and decides proposals."},
    404: {"description": "Not a patient in your care."},
}

WeekStart = Annotated[
    BoundedDate | None,
    Query(
        description=(
            "The Monday of a finished week (default: the last week that is over in the "
            "patient's time zone)."
        )
    ),
]


@router.get(
    "/patients/{patient_id}/progression-proposals",
    operation_id="progression-list",
    summary="A patient's progression proposals",
    description=(
        "One proposal per exercise of the patient's plan of a finished week: progress, hold or "
        "regress, with the proposed dose and the reason in one sentence. Made on the first "
        "read of that week and kept, with the doctor's decisions; later reads make none again. "
        "In the routine's order. The rules are in docs/api.md."
    ),
    responses={**DOCTORS_ONLY, 422: {"description": "`week_start` is not a finished Monday."}},
)
def list_proposals(
    doctor: Doctor,
    patient: AccessiblePatient,
    db: DbSession,
    page: PageQuery,
    week_start: WeekStart = None,
) -> Page[ProgressionProposalRead]:
    monday = proposals.finished_week(patient, week_start)
    proposals.generate(db, patient, monday)
    return paginate(
        db,
        proposals.proposals_of(patient, monday),
        [ProgressionProposal.id],
        page,
        ProgressionProposalRead.from_row,
        descending=False,
    )


@router.post(
    "/patients/{patient_id}/progression-proposals/decisions",
    operation_id="progression-decide",
    summary="Accept, edit or dismiss a progression proposal",
    description=(
        "`accept` applies the proposed dose, `edit` applies the doctor's values, `dismiss` "
        "changes nothing. A change goes to the plan of the week after the proposal's week "
        "only: that week gets a copy of the routine with the new dose for this patient (and a "
        "copy of the proposal week's plan first if it has none). The routine itself never "
        "changes. The patient is notified."
    ),
    responses={
        **DOCTORS_ONLY,
        404: {"description": "Not a patient in your care, or no such proposal of theirs."},
        409: {
            "description": (
                "Already decided; the week after is over; the routine changed; or next "
                "week's plan no longer uses the routine on a day still to come."
            )
        },
    },
)
def decide_proposal(
    doctor: Doctor, patient: AccessiblePatient, body: ProgressionDecision, db: DbSession
) -> ProgressionProposalRead:
    proposal = decisions.find_proposal(db, patient, body.proposal_id)
    decided = decisions.decide(db, doctor, patient, proposal, decisions.decision_of(body, proposal))
    return ProgressionProposalRead.from_row(decided)
