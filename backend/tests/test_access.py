"""Authorization by construction: every route declares who may call it, and nobody reaches
another person's data by guessing an id. Both tests walk ``app.routes``, so they grow with the
API: a new route is covered (or fails) without editing this file."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from telerehab.dependencies import get_current_user
from telerehab.routers import legacy

from .factories import Clinic

# Routes anyone may call without signing in: the short, explicit public list.
PUBLIC_ROUTES = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/openapi.json"),
    ("GET", "/docs"),
    ("GET", "/docs/init.js"),  # and Swagger UI's files, mounted at /docs/assets
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/refresh"),
    ("POST", "/api/v1/auth/logout"),
    # deprecated: POST moves to /api/v1/auth/login or /register, other methods are gone (410)
    *((method, f"/api{old}") for old in legacy.PUBLIC_URLS for method in legacy.OLD_METHODS),
    ("GET", "/metrics"),  # Prometheus: needs METRICS_TOKEN, 404 when none is configured
    ("GET", "/{path:webpath}"),  # the web app's files (when built); never /api or /metrics
}
# Path parameters naming clinical data, which an admin never sees either.
CLINICAL_PARAMETERS = {
    "patient_id",
    "record_id",
    "schedule_id",
    "note_id",
    "week_plan_id",
    "session_id",
    "brain_session_id",
    "combo_id",
    "message_id",
    "entry_id",
}
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Path parameters that are values, not ids of someone's object: filled with a valid value.
PARAMETER_VALUES = {"week_start": "2025-03-03"}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    dependencies: frozenset[str]


def endpoints(app: FastAPI) -> Iterator[Endpoint]:
    def calls(dependant: Any) -> Iterator[Any]:
        yield dependant.call
        for child in dependant.dependencies:
            yield from calls(child)

    for context in iter_route_contexts(app.routes):
        dependant = getattr(context, "dependant", None)
        names = (
            frozenset(getattr(call, "__name__", "") for call in calls(dependant))
            if dependant
            else frozenset()
        )
        for method in sorted((context.methods or set()) - {"HEAD"}):
            yield Endpoint(method, str(context.path), names)


def test_every_route_requires_sign_in_or_is_on_the_public_list(app: FastAPI) -> None:
    unguarded = [
        (endpoint.method, endpoint.path)
        for endpoint in endpoints(app)
        if get_current_user.__name__ not in endpoint.dependencies
        and (endpoint.method, endpoint.path) not in PUBLIC_ROUTES
    ]
    assert unguarded == []
    public_but_guarded = [
        (e.method, e.path)
        for e in endpoints(app)
        if (e.method, e.path) in PUBLIC_ROUTES and get_current_user.__name__ in e.dependencies
    ]
    assert public_but_guarded == []


Foreign = tuple[int, list[str], frozenset[str] | None]  # id, secret texts, methods or all


def foreign_resources(clinic: Clinic) -> dict[str, dict[str, list[Foreign]]]:
    """For each caller, per path parameter: ids of things that are not theirs, the text that
    must not appear in the answer, and (rarely) the only methods that must be refused."""

    def person(user: Any) -> Foreign:
        return user.id, [user.username, user.full_name, user.email], None

    def owned_by(key: str) -> dict[str, list[Foreign]]:
        data = clinic.data[key]
        return {
            "record_id": [(data.record.id, [data.record.diagnosis], None)],
            "schedule_id": [(data.schedule.id, [data.schedule.title], None)],
            "note_id": [(data.note.id, [data.note.body], None)],
            "week_plan_id": [(data.week_plan.id, [data.week_plan.notes or ""], None)],
            "session_id": [(data.workout.id, [data.workout.notes or ""], None)],
            "brain_session_id": [(data.brain.id, ["417"], None)],
            "message_id": [(data.message.id, [data.message.body], None)],
            "notification_id": [(data.notification.id, [data.notification.title], None)],
            "entry_id": [(data.time_entry.id, [data.time_entry.activity], None)],
        }

    def merged(*keys: str) -> dict[str, list[Foreign]]:
        result: dict[str, list[Foreign]] = {}
        for key in keys:
            for parameter, entries in owned_by(key).items():
                result.setdefault(parameter, []).extend(entries)
        return result

    def assignment(key: str) -> Foreign:
        return clinic.assignments[key].id, [], None

    combo_b = clinic.combos["b"]
    return {
        "doctor_a": {
            **merged("b1", "ended"),
            "patient_id": [
                person(clinic.patient_b1),
                person(clinic.patient_ended),
                person(clinic.doctor_b),
                (999_999, [], None),
            ],
            "assignment_id": [assignment("b1"), assignment("ended")],
            "user_id": [person(clinic.patient_b1)],
            "doctor_id": [person(clinic.doctor_b)],
            # Doctors read every doctor's routines (shared library) but change only their own.
            "combo_id": [(combo_b.id, [combo_b.name], WRITES)],
        },
        "patient_a1": {
            **merged("a2", "b1"),
            "patient_id": [
                person(clinic.patient_a2),
                person(clinic.patient_b1),
                person(clinic.doctor_a),
            ],
            "assignment_id": [assignment("a2"), assignment("b1")],
            "user_id": [person(clinic.patient_a2), person(clinic.doctor_b)],
            "doctor_id": [person(clinic.doctor_b)],
            "combo_id": [(combo_b.id, [combo_b.name], None)],  # not in any of A1's plans
        },
        "admin": {
            **{p: e for p, e in merged("a1").items() if p != "notification_id"},
            "patient_id": [person(clinic.patient_a1)],
            "combo_id": [(clinic.combos["a"].id, [clinic.combos["a"].name], None)],
            "notification_id": owned_by("a1")["notification_id"],
        },
    }


def test_no_caller_reaches_someone_elses_data_by_id(client: TestClient, clinic: Clinic) -> None:
    callers = {"doctor_a": clinic.doctor_a, "patient_a1": clinic.patient_a1, "admin": clinic.admin}
    resources = foreign_resources(clinic)
    requests = leaks = 0
    id_routes = [e for e in endpoints(client.app) if "{" in e.path]  # type: ignore[arg-type]
    assert len(id_routes) >= 6
    failures = []
    for endpoint in id_routes:
        parameters = re.findall(r"{(\w+)}", endpoint.path)
        for caller_name, caller in callers.items():
            by_parameter = resources[caller_name]
            for parameter in parameters:
                if parameter in PARAMETER_VALUES:
                    continue
                if parameter not in by_parameter:
                    # Only an admin lacks entries, for account routes that are theirs to use.
                    assert caller_name == "admin" and parameter not in CLINICAL_PARAMETERS, (
                        f"no foreign {parameter} for {caller_name}: extend foreign_resources"
                    )
                    continue
                for foreign_id, secrets, methods in by_parameter[parameter]:
                    if methods is not None and endpoint.method not in methods:
                        continue
                    path = endpoint.path
                    for name in parameters:
                        value = foreign_id if name == parameter else PARAMETER_VALUES.get(name, 1)
                        path = path.replace("{" + name + "}", str(value))
                    response = client.request(
                        endpoint.method,
                        path,
                        headers=clinic.headers(caller),
                        json={} if endpoint.method in {"POST", "PUT", "PATCH"} else None,
                    )
                    requests += 1
                    leaked = [s for s in secrets if s and s in response.text]
                    if response.status_code not in (403, 404) or leaked:
                        leaks += 1
                        failures.append(
                            f"{caller_name} {endpoint.method} {path}: "
                            f"{response.status_code} {leaked}"
                        )
    print(
        f"\nauthorization matrix: {len(id_routes)} routes with ids, {len(callers)} roles, "
        f"{requests} requests, {leaks} leaks"
    )
    assert failures == []


def test_a_patients_own_screens_look_up_no_account_beyond_the_tokens(
    client: TestClient, clinic: Clinic, count_statements: Any
) -> None:
    """A patient may see only themselves: the account the token loaded is the answer, so their
    most frequent screen (today's plan) asks the database for no second account. Another
    patient's id is still refused, and the refusal audited."""
    patient, other = clinic.patient_a1, clinic.patient_a2
    with count_statements() as counted:
        own = client.get(f"/api/v1/patients/{patient.id}/today", headers=clinic.headers(patient))
    assert own.status_code == 200
    account_reads = [s for s in counted.statements if re.match(r"\s*SELECT users\.id\b", s)]
    assert len(account_reads) == 1, account_reads

    foreign = client.get(f"/api/v1/patients/{other.id}/today", headers=clinic.headers(patient))
    assert foreign.status_code == 404
    audit = client.get(
        "/api/v1/audit", headers=clinic.headers(clinic.admin), params={"outcome": "denied"}
    )
    assert any(
        row["actor_id"] == patient.id and row["patient_id"] == other.id
        for row in audit.json()["items"]
    ), audit.json()
