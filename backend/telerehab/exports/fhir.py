"""A patient's history as a FHIR R4 Bundle, built with the R4B models of ``fhir.resources`` so
the output is valid by construction (the models check cardinalities, types and invariants).

Ids are derived from our primary keys (``Patient/patient-12``, ``Observation/set-345-rom``), so
a receiving system sees the same resource again on the next export, never a copy. The mapping,
with its codes, is documented in docs/api.md ("FHIR mapping").
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from fhir.resources.R4B.appointment import Appointment, AppointmentParticipant
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.careplan import CarePlan, CarePlanActivity, CarePlanActivityDetail
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.observation import Observation, ObservationComponent
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.quantity import Quantity
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse as FhirQuestionnaireResponse,
)
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource

from telerehab.enums import ScheduleStatus
from telerehab.exports import History
from telerehab.models import (
    QuestionnaireResponse,
    Schedule,
    SessionDetail,
    User,
    WeekPlan,
    WorkoutSession,
)
from telerehab.questionnaires.catalogue import INSTRUMENTS

# Our own code system for what no standard terminology names (a set's repetitions, the range of
# motion of one of our exercises). The reserved .example domain marks it as local: a clinic that
# publishes its code systems replaces the host, the codes stay.
EXERCISE_MEASURE = "https://telerehab.example/fhir/CodeSystem/exercise-measure"
# Our catalogue's instruments as canonical Questionnaire URLs (same local host as above).
QUESTIONNAIRE_BASE = "https://telerehab.example/fhir/Questionnaire"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

PAIN_SCORE = Coding(
    system=LOINC,
    code="72514-3",
    display="Pain severity - 0-10 verbal numeric rating [Score] - Reported",
)
ROM_MAX = Coding(system=EXERCISE_MEASURE, code="rom-max", display="Range of motion, largest angle")
ROM_MIN = Coding(system=EXERCISE_MEASURE, code="rom-min", display="Range of motion, smallest angle")
ROM_MEAN = Coding(system=EXERCISE_MEASURE, code="rom-mean", display="Range of motion, mean of reps")
REPS_DONE = Coding(system=EXERCISE_MEASURE, code="reps-done", display="Repetitions done in a set")
REPS_TARGET = Coding(
    system=EXERCISE_MEASURE, code="reps-target", display="Repetitions prescribed for a set"
)

APPOINTMENT_STATUS = {
    ScheduleStatus.SCHEDULED: "booked",
    ScheduleStatus.COMPLETED: "fulfilled",
    ScheduleStatus.CANCELLED: "cancelled",
    ScheduleStatus.MISSED: "noshow",
}


# How a set's range was measured (Observation.method): a camera's pose estimate either way.
ROM_ON_WORLD_LANDMARKS = "Camera pose estimation, measured on 3-D (world) landmarks"
ROM_ON_PICTURE = "Camera pose estimation, measured on the picture's landmarks"


def _category(code: str, display: str) -> list[CodeableConcept]:
    return [
        CodeableConcept(coding=[Coding(system=OBSERVATION_CATEGORY, code=code, display=display)])
    ]


def _instant(moment: datetime) -> str:
    """FHIR wants an offset on every time; ours are UTC."""
    return moment.astimezone(UTC).isoformat()


def _degrees(value: float) -> Quantity:
    return Quantity(value=round(value, 1), unit="degrees", system=UCUM, code="deg")


def patient_resource(user: User) -> Patient:
    telecom = [
        ContactPoint(system=system, value=value)
        for system, value in (("email", user.email), ("phone", user.phone))
        if value
    ]
    return Patient(
        id=f"patient-{user.id}",
        active=user.is_active,
        name=[HumanName(text=user.full_name)],
        birthDate=user.date_of_birth,
        telecom=telecom or None,
    )


def practitioner_resource(user: User) -> Practitioner:
    return Practitioner(id=f"practitioner-{user.id}", name=[HumanName(text=user.full_name)])


def care_plan_resource(plan: WeekPlan, today: date) -> CarePlan:
    week_end = plan.week_start + timedelta(days=6)
    activities = []
    for item in plan.items:
        combo = item.combo
        steps = "; ".join(
            f"{step.exercise_code} ({step.side.value}): {step.sets} x {step.reps}"
            + (f", target {step.target_rom_deg:g} degrees" if step.target_rom_deg else "")
            for step in combo.items
        )
        activities.append(
            CarePlanActivity(
                detail=CarePlanActivityDetail(
                    code=CodeableConcept(text=combo.name),
                    status="scheduled" if week_end >= today else "completed",
                    scheduledString=item.weekday.value,
                    description=steps or combo.name,
                )
            )
        )
    return CarePlan(
        id=f"careplan-{plan.id}",
        status="active" if week_end >= today else "completed",
        intent="plan",
        title=f"Exercise plan, week of {plan.week_start.isoformat()}",
        description=plan.notes,
        subject=Reference(reference=f"Patient/patient-{plan.patient_id}"),
        author=Reference(reference=f"Practitioner/practitioner-{plan.doctor_id}"),
        period=Period(start=plan.week_start, end=week_end),
        activity=activities or None,
    )


def appointment_resource(schedule: Schedule) -> Appointment:
    return Appointment(
        id=f"appointment-{schedule.id}",
        status=APPOINTMENT_STATUS[schedule.status],
        description=schedule.title,
        comment=schedule.notes,
        start=_instant(schedule.starts_at),
        end=_instant(schedule.ends_at),
        participant=[
            AppointmentParticipant(
                actor=Reference(reference=f"Patient/patient-{schedule.patient_id}"),
                status="accepted",
            ),
            AppointmentParticipant(
                actor=Reference(reference=f"Practitioner/practitioner-{schedule.doctor_id}"),
                status="accepted",
            ),
        ],
    )


def set_observations(session: WorkoutSession, detail: SessionDetail) -> list[Observation]:
    """A set's repetitions, and its range of motion when the engine measured one."""
    common: dict[str, Any] = {
        "status": "final",
        "subject": Reference(reference=f"Patient/patient-{session.user_id}"),
        "effectiveDateTime": _instant(session.started_at),
    }
    exercise = f"{detail.exercise_code}, set {detail.set_number}" + (
        f", {detail.side.value}" if detail.side else ""
    )
    reps = Observation(
        id=f"set-{detail.id}-reps",
        category=_category("activity", "Activity"),
        code=CodeableConcept(coding=[REPS_DONE], text=f"Repetitions: {exercise}"),
        valueInteger=detail.reps_done,
        component=(
            [
                ObservationComponent(
                    code=CodeableConcept(coding=[REPS_TARGET]), valueInteger=detail.reps_target
                )
            ]
            if detail.reps_target is not None
            else None
        ),
        **common,
    )
    if detail.rom_max_deg is None:
        return [reps]
    extra = [
        ObservationComponent(code=CodeableConcept(coding=[coding]), valueQuantity=_degrees(value))
        for coding, value in ((ROM_MIN, detail.rom_min_deg), (ROM_MEAN, detail.rom_mean_deg))
        if value is not None
    ]
    rom = Observation(
        id=f"set-{detail.id}-rom",
        category=_category("exam", "Exam"),
        code=CodeableConcept(coding=[ROM_MAX], text=f"Range of motion: {exercise}"),
        method=CodeableConcept(
            text=ROM_ON_WORLD_LANDMARKS if detail.rom_from_world_landmarks else ROM_ON_PICTURE
        ),
        valueQuantity=_degrees(detail.rom_max_deg),
        component=extra or None,
        **common,
    )
    return [reps, rom]


def pain_observation(session: WorkoutSession) -> Observation | None:
    if session.pain_score is None:
        return None
    return Observation(
        id=f"session-{session.id}-pain",
        status="final",
        category=_category("survey", "Survey"),
        code=CodeableConcept(coding=[PAIN_SCORE]),
        subject=Reference(reference=f"Patient/patient-{session.user_id}"),
        effectiveDateTime=_instant(session.ended_at or session.started_at),
        valueInteger=session.pain_score,
    )


def questionnaire_response_resource(response: QuestionnaireResponse) -> FhirQuestionnaireResponse:
    """The answers item by item (linkId = our item code; for the PSFS the item text is the
    patient's own activity), then the score the server computed (linkId ``score``)."""
    instrument = INSTRUMENTS[response.instrument]
    items = [
        QuestionnaireResponseItem(
            linkId=item["code"],
            text=item["text"],
            answer=[QuestionnaireResponseItemAnswer(valueInteger=item["value"])],
        )
        for item in response.items
    ]
    items.append(
        QuestionnaireResponseItem(
            linkId="score",
            text=f"{instrument.name} score ({instrument.unit})",
            answer=[QuestionnaireResponseItemAnswer(valueDecimal=response.score)],
        )
    )
    return FhirQuestionnaireResponse(
        id=f"questionnaire-response-{response.id}",
        questionnaire=f"{QUESTIONNAIRE_BASE}/{instrument.code}",
        status="completed",
        subject=Reference(reference=f"Patient/patient-{response.patient_id}"),
        authored=_instant(response.answered_at),
        source=Reference(reference=f"Patient/patient-{response.patient_id}"),
        item=items,
    )


def history_bundle(history: History, *, base_url: str, now: datetime) -> Bundle:
    """The Bundle (type ``collection``) of everything in ``history``. ``base_url`` makes each
    entry's fullUrl; practitioners are the current doctors and anyone a plan or appointment
    names, so no reference in the Bundle dangles."""
    doctors = {doctor.id: doctor for doctor in history.doctors}
    for plan in history.week_plans:
        doctors.setdefault(plan.doctor_id, plan.doctor)
    for schedule in history.schedules:
        doctors.setdefault(schedule.doctor_id, schedule.doctor)
    resources: list[Resource] = [patient_resource(history.patient)]
    resources += [practitioner_resource(doctor) for doctor in doctors.values()]
    resources += [care_plan_resource(plan, now.date()) for plan in history.week_plans]
    resources += [appointment_resource(schedule) for schedule in history.schedules]
    for session in history.sessions:
        for detail in session.details:
            resources += set_observations(session, detail)
        pain = pain_observation(session)
        if pain is not None:
            resources.append(pain)
    resources += [questionnaire_response_resource(r) for r in history.questionnaire_responses]
    base = base_url.rstrip("/")
    return Bundle(
        id=f"patient-{history.patient.id}-history",
        type="collection",
        timestamp=_instant(now),
        entry=[
            BundleEntry(
                fullUrl=f"{base}/{resource.get_resource_type()}/{resource.id}", resource=resource
            )
            for resource in resources
        ],
    )
