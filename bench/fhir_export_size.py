"""The size of a patient's FHIR export after a year of history, and the time to build it.

Usage, from the repository root: ``backend/.venv/bin/python bench/fhir_export_size.py [PATIENTS]``
Seeds a clinic with ``seed_scale`` (52 weeks; 200 patients by default) into a temporary SQLite
database, picks the patients with the most sets, builds each one's Bundle as the export route
does (read as the patient), validates it back with the R4B models, and prints its size in bytes,
its resources per type, and the build and validation times.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telerehab.config import DatabaseSettings
from telerehab.database import create_db_engine
from telerehab.exports import load_history
from telerehab.exports.fhir import history_bundle
from telerehab.models import SessionDetail, User, WorkoutSession
from telerehab.operations.migrate import upgrade
from telerehab.seeding.scale import seed_scale

TODAY = date(2026, 12, 4)
HEAVIEST = 3


def main(patients: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{directory}/scale.db"
        upgrade(url)
        engine = create_db_engine(DatabaseSettings(database_url=url))
        with engine.begin() as connection:
            seed_scale(connection, patients=patients, doctors=4, weeks=52, today=TODAY)
        with Session(engine) as db:
            sets = func.count(SessionDetail.id)
            heaviest = db.execute(
                select(WorkoutSession.user_id, sets)
                .join(SessionDetail, SessionDetail.session_id == WorkoutSession.id)
                .group_by(WorkoutSession.user_id)
                .order_by(sets.desc())
                .limit(HEAVIEST)
            ).all()
            for patient_id, set_count in heaviest:
                patient = db.get_one(User, patient_id)
                started = time.perf_counter()
                bundle = history_bundle(
                    load_history(db, patient, patient),
                    base_url=f"https://clinic.example/api/v1/patients/{patient_id}/fhir",
                    now=datetime.now(UTC),
                )
                text = bundle.model_dump_json()
                built = time.perf_counter() - started
                started = time.perf_counter()
                parsed = Bundle.model_validate_json(text)
                validated = time.perf_counter() - started
                kinds = Counter(e.resource.get_resource_type() for e in parsed.entry or [])
                print(
                    f"patient {patient_id}: {set_count} sets, {len(text.encode())} bytes "
                    f"({len(text.encode()) / 2**20:.2f} MiB), built in {built:.2f} s, "
                    f"validated in {validated:.2f} s, {dict(kinds)}"
                )
                db.expunge_all()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
