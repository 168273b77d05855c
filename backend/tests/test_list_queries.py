"""The N+1 guard, for every list the API has: a page of 50 costs as many SQL statements as a
page of 1. Walks the routes (any GET whose answer is a Page), so a new list is covered without
editing this file. Runs on the demo clinic: real volumes and real relationships."""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.access.credentials import create_access_token
from telerehab.config import Settings
from telerehab.enums import UserRole
from telerehab.models import Assignment, User
from telerehab.seeding.demo import seed_demo


@dataclass(frozen=True)
class Caller:
    role: str
    user: User
    counterpart: User  # the other side of a conversation, a patient's doctor or a doctor's patient


def page_routes(app: FastAPI) -> list[str]:
    paths = []
    for context in iter_route_contexts(app.routes):
        model = getattr(context, "response_model", None)
        name = getattr(model, "__name__", "")
        if "GET" in (context.methods or set()) and name.startswith("Page["):
            paths.append(str(context.path))
    return sorted(set(paths))


@pytest.fixture
def demo_callers(db_session: Session) -> dict[str, Caller]:
    seed_demo(db_session, seed=11)
    db_session.commit()
    doctor = db_session.scalars(select(User).where(User.username == "dr.okafor")).one()
    patient_id = db_session.scalars(
        select(Assignment.patient_id)
        .where(Assignment.doctor_id == doctor.id)
        .order_by(Assignment.patient_id)
    ).first()
    patient = db_session.get(User, patient_id)
    admin = db_session.scalars(select(User).where(User.role == UserRole.ADMIN)).one()
    assert patient is not None
    return {
        "doctor": Caller("doctor", doctor, patient),
        "patient": Caller("patient", patient, doctor),
        "admin": Caller("admin", admin, patient),
    }


def _fill(path: str, caller: Caller) -> str:
    patient = caller.user if caller.role == "patient" else caller.counterpart
    values = {
        "patient_id": patient.id,
        "user_id": caller.counterpart.id,
        "doctor_id": caller.user.id if caller.role == "doctor" else caller.counterpart.id,
    }
    return re.sub(r"{(\w+)}", lambda m: str(values[m.group(1)]), path)


def test_a_page_of_50_costs_the_same_statements_as_a_page_of_1(
    app: FastAPI,
    client: TestClient,
    settings: Settings,
    demo_callers: dict[str, Caller],
    count_statements: Any,
) -> None:
    routes = page_routes(app)
    assert len(routes) >= 15
    report = []
    multi_row = 0
    for path in routes:
        for caller in demo_callers.values():
            url = _fill(path, caller)
            headers = {"Authorization": f"Bearer {create_access_token(caller.user, settings)}"}
            probe = client.get(url, params={"limit": 1}, headers=headers)
            if probe.status_code in (403, 404):
                continue  # not this role's list
            assert probe.status_code == 200, (url, caller.role, probe.text)
            counts = []
            sizes = []
            for limit in (1, 50):
                with count_statements() as counted:
                    response = client.get(url, params={"limit": limit}, headers=headers)
                assert response.status_code == 200, (url, response.text)
                counts.append(counted.count)
                sizes.append(len(response.json()["items"]))
            multi_row += sizes[1] > 1
            report.append(
                f"{caller.role:8} {path}: {counts[0]} vs {counts[1]} statements "
                f"({sizes[0]} vs {sizes[1]} rows)"
            )
            assert counts[0] == counts[1], report[-1]
            break
        else:
            pytest.fail(f"no role could list {path}")
    print("\n" + "\n".join(report))
    assert multi_row >= 10, "too few lists had rows to compare: the guard would prove nothing"
