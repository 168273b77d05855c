"""Brain games: a patient records a finished game, the server scores it and refuses what could
not have been played; the patient and their doctors read sessions and trends."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from telerehab.enums import BrainGame
from telerehab.models import AuditEvent, BrainExerciseLog

from ..conftest import SignedIn, StatementCount
from ..factories import Clinic, add_brain_session

Counter = Callable[[], AbstractContextManager[StatementCount]]
API = "/api/v1"


def a_game(**overrides: Any) -> dict[str, Any]:
    """A plausible five-minute Stroop game of six trials, ending a minute ago."""
    ended = datetime.now(UTC) - timedelta(minutes=1)
    game: dict[str, Any] = {
        "game": "stroop",
        "started_at": (ended - timedelta(minutes=5)).isoformat(),
        "ended_at": ended.isoformat(),
        "trials": [
            {"correct": True, "reaction_ms": 700, "level": 1},
            {"correct": True, "reaction_ms": 650, "level": 2},
            {"correct": False, "reaction_ms": 900, "level": 3},
            {"correct": True, "reaction_ms": 600, "level": 2},
            {"correct": True, "reaction_ms": 550, "level": 3},
            {"correct": False, "reaction_ms": 1200, "level": 3},
        ],
    }
    game.update(overrides)
    return game


def test_patient_records_a_game_and_the_server_scores_it(
    client: TestClient, clinic: Clinic, db_session: Session
) -> None:
    patient = clinic.patient_a1
    created = client.post(f"{API}/brain-sessions", headers=clinic.headers(patient), json=a_game())
    assert created.status_code == 201, created.text
    game = created.json()
    assert game["patient_id"] == patient.id
    # 10 x level per correct trial: 10 + 20 + 20 + 30.
    assert (game["score"], game["errors"], game["level_reached"]) == (80, 2, 3)
    assert game["accuracy"] == round(4 / 6, 4)
    assert game["median_reaction_ms"] == 675.0
    assert [t["trial"] for t in game["trials"]] == [0, 1, 2, 3, 4, 5]
    assert [t["level"] for t in game["trials"]] == [1, 2, 3, 2, 3, 3]

    stored = db_session.scalars(
        select(BrainExerciseLog).where(BrainExerciseLog.session_id == game["id"])
    ).all()
    assert len(stored) == 6 and all(log.user_id == patient.id for log in stored)

    for user in (patient, clinic.doctor_a):
        one = client.get(f"{API}/brain-sessions/{game['id']}", headers=clinic.headers(user))
        assert one.status_code == 200
        assert one.json()["trials"] == game["trials"]
        listed = client.get(
            f"{API}/patients/{patient.id}/brain-sessions", headers=clinic.headers(user)
        ).json()
        assert [s["id"] for s in listed["items"]] == [game["id"], clinic.data["a1"].brain.id]
        assert "trials" not in listed["items"][0]

    again = client.post(
        f"{API}/brain-sessions",
        headers=clinic.headers(patient),
        json=a_game(started_at=game["started_at"], ended_at=game["ended_at"]),
    )
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"


def test_memory_match_and_sequence_recall_rules(as_patient: SignedIn) -> None:
    memory = a_game(
        game="memory-match",
        trials=[{"correct": True, "level": 1}, {"correct": False, "level": 1}],
    )
    created = as_patient.post(f"{API}/brain-sessions", json=memory)
    assert created.status_code == 201, created.text
    assert created.json()["median_reaction_ms"] is None
    assert created.json()["accuracy"] == 0.5

    recall = a_game(
        game="sequence-recall",
        trials=[
            {"correct": True, "reaction_ms": 2500, "level": 2},
            {"correct": True, "reaction_ms": 3100, "level": 3},
            {"correct": False, "reaction_ms": 4000, "level": 4},
        ],
    )
    created = as_patient.post(f"{API}/brain-sessions", json=recall)
    assert created.status_code == 201, created.text
    assert (created.json()["score"], created.json()["level_reached"]) == (50, 4)
    starts_at_one = a_game(
        game="sequence-recall", trials=[{"correct": True, "reaction_ms": 2500, "level": 1}]
    )
    assert as_patient.post(f"{API}/brain-sessions", json=starts_at_one).status_code == 422


def test_impossible_games_are_refused(as_patient: SignedIn) -> None:
    now = datetime.now(UTC)

    def trials(n: int, **trial: Any) -> list[dict[str, Any]]:
        return [{"correct": True, "reaction_ms": 400, "level": 1, **trial} for _ in range(n)]

    impossible = {
        "ends before it starts": a_game(
            started_at=now.isoformat(), ended_at=(now - timedelta(minutes=1)).isoformat()
        ),
        "lasts over two hours": a_game(
            started_at=(now - timedelta(hours=3)).isoformat(), ended_at=now.isoformat()
        ),
        "ends in the future": a_game(
            started_at=now.isoformat(), ended_at=(now + timedelta(hours=1)).isoformat()
        ),
        "naive times": a_game(
            started_at=(now - timedelta(minutes=5)).replace(tzinfo=None).isoformat(),
            ended_at=now.replace(tzinfo=None).isoformat(),
        ),
        "superhuman reaction": a_game(trials=trials(3, reaction_ms=80)),
        "a minute-long reaction": a_game(trials=trials(3, reaction_ms=61_000)),
        "level jumps by two": a_game(trials=[*trials(1), *trials(1, level=3)]),
        "stroop without reaction time": a_game(trials=[{"correct": True, "level": 1}]),
        "reaction-time without reaction time": a_game(
            game="reaction-time", trials=[{"correct": True, "level": 1}]
        ),
        "starts above level one": a_game(trials=trials(2, level=2)),
        "more trials than the time allows": a_game(
            started_at=(now - timedelta(seconds=10)).isoformat(),
            ended_at=now.isoformat(),
            trials=trials(100, reaction_ms=100),
        ),
        "reactions longer than the game": a_game(
            started_at=(now - timedelta(seconds=10)).isoformat(),
            ended_at=now.isoformat(),
            trials=trials(3, reaction_ms=5000),
        ),
        "no trials": a_game(trials=[]),
        "too many trials": a_game(trials=trials(501, reaction_ms=100)),
        "unknown game": a_game(game="chess"),
        "unknown field": {**a_game(), "score": 99999},
        "level zero": a_game(trials=trials(1, level=0)),
    }
    for name, body in impossible.items():
        response = as_patient.post(f"{API}/brain-sessions", json=body)
        assert response.status_code == 422, name
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"], name


def test_only_patients_record_and_strangers_see_nothing(
    client: TestClient, clinic: Clinic, as_doctor: SignedIn, as_patient: SignedIn
) -> None:
    for user in (clinic.doctor_a, clinic.admin):
        refused = client.post(f"{API}/brain-sessions", headers=clinic.headers(user), json=a_game())
        assert refused.status_code == 403
    b1 = clinic.patient_b1
    paths = [
        f"/patients/{b1.id}/brain-sessions",
        f"/brain-sessions/{clinic.data['b1'].brain.id}",
        f"/patients/{b1.id}/progress/brain",
    ]
    for user, expected in [(clinic.doctor_a, 404), (clinic.patient_a1, 404), (clinic.admin, 403)]:
        for path in paths:
            response = client.get(API + path, headers=clinic.headers(user))
            assert response.status_code == expected, (user.username, path)
            assert "417" not in response.text and b1.full_name not in response.text
    ended = as_doctor.get(
        f"{API}/brain-sessions/{clinic.data['ended'].brain.id}",
    )
    assert ended.status_code == 404
    bad = as_patient.get(
        f"{API}/patients/{clinic.patient_a1.id}/brain-sessions?game=chess",
    )
    assert bad.status_code == 422


def test_brain_trend_by_day_and_week(
    client: TestClient, clinic: Clinic, db_session: Session, as_doctor: SignedIn
) -> None:
    patient = clinic.patient_a2
    monday = date(2025, 6, 2)

    def at(day: date, hour: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)

    stroop = BrainGame.STROOP
    add_brain_session(
        db_session,
        patient,
        at(monday, 9),
        stroop,
        score=100,
        accuracy=0.5,
        median_reaction_ms=600,
        level_reached=2,
    )
    add_brain_session(
        db_session,
        patient,
        at(monday, 20),
        stroop,
        score=200,
        accuracy=1.0,
        median_reaction_ms=400,
        level_reached=4,
    )
    add_brain_session(
        db_session,
        patient,
        at(monday + timedelta(days=3), 9),
        stroop,
        score=60,
        accuracy=0.75,
        median_reaction_ms=500,
        level_reached=3,
    )
    add_brain_session(
        db_session,
        patient,
        at(monday, 12),
        BrainGame.MEMORY_MATCH,
        score=30,
        accuracy=0.6,
        level_reached=1,
    )
    db_session.commit()
    url = f"{API}/patients/{patient.id}/progress/brain?from=2025-06-01&to=2025-06-30"
    daily = as_doctor.get(f"{url}&game=stroop")
    assert daily.status_code == 200, daily.text
    assert [
        (
            p["bucket_start"],
            p["mean_score"],
            p["mean_accuracy"],
            p["mean_reaction_ms"],
            p["max_level"],
            p["sessions"],
        )
        for p in daily.json()["points"]
    ] == [("2025-06-02", 150.0, 0.75, 500.0, 4, 2), ("2025-06-05", 60.0, 0.75, 500.0, 3, 1)]
    weekly = client.get(f"{url}&bucket=week", headers=clinic.headers(patient)).json()
    assert [(p["bucket_start"], p["game"], p["sessions"]) for p in weekly["points"]] == [
        ("2025-06-02", "memory-match", 1),
        ("2025-06-02", "stroop", 3),
    ]
    assert weekly["points"][0]["mean_reaction_ms"] is None
    listed = client.get(
        f"{API}/patients/{patient.id}/brain-sessions?game=memory-match&to=2025-12-31",
        headers=clinic.headers(patient),
    ).json()
    assert [s["game"] for s in listed["items"]] == ["memory-match"]
    bad = client.get(f"{url}&bucket=year", headers=clinic.headers(patient))
    assert bad.status_code == 422


def test_records_and_reads_are_audited(
    clinic: Clinic, db_session: Session, as_doctor: SignedIn, as_patient: SignedIn
) -> None:
    created = as_patient.post(f"{API}/brain-sessions", json=a_game()).json()
    as_doctor.get(f"{API}/brain-sessions/{created['id']}")
    as_doctor.get(f"{API}/brain-sessions/{clinic.data['b1'].brain.id}")
    as_doctor.get(f"{API}/patients/{clinic.patient_a1.id}/progress/brain")
    events = db_session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    a1 = clinic.patient_a1.id
    assert [(e.actor_id, e.action, e.patient_id, e.outcome.value) for e in events] == [
        (a1, "brain-exercises-record-session", a1, "allowed"),
        (clinic.doctor_a.id, "brain-exercises-get-session", a1, "allowed"),
        (clinic.doctor_a.id, "brain-exercises-get-session", None, "denied"),
        (clinic.doctor_a.id, "brain-exercises-trend", a1, "allowed"),
    ]
    assert events[0].resource_id == created["id"]


def test_a_page_of_fifty_costs_what_a_page_of_one_costs(
    clinic: Clinic, db_session: Session, count_statements: Counter, as_doctor: SignedIn
) -> None:
    patient = clinic.patient_a2
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    games = list(BrainGame)
    for i in range(60):
        add_brain_session(db_session, patient, start + timedelta(hours=i), games[i % 4], trials=5)
    db_session.commit()
    url = f"{API}/patients/{patient.id}/brain-sessions"
    counts = {}
    for limit in (1, 50):
        with count_statements() as counted:
            page = as_doctor.get(f"{url}?limit={limit}")
        assert len(page.json()["items"]) == limit
        counts[limit] = counted.count
    print(f"\nbrain-sessions list: statements {counts}")
    assert counts[1] == counts[50]
