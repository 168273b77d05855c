"""The time to render a progress report of a patient with a year of history.

Usage, from the repository root:
``backend/.venv/bin/python bench/report_render.py [PATIENTS] [RUNS] [--save FILE.pdf]``
Seeds a clinic with ``seed_scale`` (52 weeks; 40 patients by default) into a temporary SQLite
database, picks the patient with the most sets, and renders their report over the whole year
(``from`` a year before ``to``) as the route does (``load_report`` then ``report_pdf``), ``RUNS``
times (7 by default): prints each time, the median, the pages and the size. ``--save`` keeps the
last PDF, to look at.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))

from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telerehab.config import DatabaseSettings
from telerehab.database import create_db_engine
from telerehab.exports.progress_report import load_report, report_pdf
from telerehab.models import Assignment, SessionDetail, User, WorkoutSession
from telerehab.operations.migrate import upgrade
from telerehab.seeding.scale import seed_scale
from telerehab.trends import ClosedPeriod

TODAY = date(2026, 12, 4)


def main(patients: int, runs: int, save: Path | None) -> None:
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{directory}/scale.db"
        upgrade(url)
        engine = create_db_engine(DatabaseSettings(database_url=url))
        with engine.begin() as connection:
            seed_scale(connection, patients=patients, doctors=2, weeks=52, today=TODAY)
        with Session(engine) as db:
            sets = func.count(SessionDetail.id)
            patient_id, set_count = db.execute(
                select(WorkoutSession.user_id, sets)
                .join(SessionDetail, SessionDetail.session_id == WorkoutSession.id)
                .group_by(WorkoutSession.user_id)
                .order_by(sets.desc())
                .limit(1)
            ).one()
            doctor_id = db.scalars(
                select(Assignment.doctor_id).where(Assignment.patient_id == patient_id)
            ).one()
            period = ClosedPeriod(TODAY - timedelta(days=364), TODAY)
            times = []
            pdf = b""
            for _ in range(runs):
                db.expunge_all()
                patient, doctor = db.get_one(User, patient_id), db.get_one(User, doctor_id)
                started = time.perf_counter()
                report = load_report(db, doctor, patient, period, datetime.now(UTC))
                pdf = report_pdf(report)
                times.append(time.perf_counter() - started)
                sessions = len(report.sessions)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(
                f"patient {patient_id}: {set_count} sets in {sessions} sessions over a year; "
                f"runs {', '.join(f'{t:.2f}' for t in times)} s; "
                f"median {statistics.median(times):.2f} s; "
                f"{pages} pages, {len(pdf)} bytes"
            )
            if save:
                save.write_bytes(pdf)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--save")]
    target = next((Path(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--save=")), None)
    main(
        int(arguments[0]) if arguments else 40,
        int(arguments[1]) if len(arguments) > 1 else 7,
        target,
    )
