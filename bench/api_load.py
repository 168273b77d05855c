"""Load benchmark of the API at clinic scale, driven by Locust (as a library).

For each database given (``--database NAME=URL``, e.g. the 1M-row clinic and one a tenth its
size, both made by ``telerehab seed-scale``), this script starts the production deployment
(``telerehab serve --workers N`` with PostgreSQL, Redis and the Prometheus multiprocess
directory), mints real access tokens for many doctors and patients of that clinic, then:

1. fixed rate: ``--rate`` requests/s (open model: Poisson arrivals) over a realistic mix of
   reads and writes for ``--duration`` seconds, after a warm-up; p50 / p95 / p99 and errors
   per endpoint, and each worker's resident memory meanwhile;
2. saturation (first database only, unless ``--no-saturation``): the same mix with
   ``--saturation-users`` users that never wait, then the cheapest authenticated endpoint
   (``GET /users/me``) the same way; both throughputs, their ratio, and the CPU a request
   of each process (workers, PostgreSQL, this load generator, the rest of the machine);
3. the CPU a request of each action alone (``--cost-seconds``, 0: skip), and the saturation
   ratio a mix of that action alone could reach (the no-op's machine CPU over its own);
4. memory of the largest list (100 workout sessions with their sets, of the most active
   patient; 100 audit rows): the workers' peak RSS while it is fetched over and over.

With ``--rounds N`` the fixed-rate phase runs on the databases in turn N times, and the p95
growth (first database over the second) is the median of the rounds.

Every request goes to 127.0.0.1 and every phase is bounded in time. Results are printed as
Markdown and written to ``--output`` as JSON.

    cd backend && .venv/bin/python ../bench/api_load.py \\
        --database full=postgresql+psycopg://postgres@127.0.0.1:5432/bench_full \\
        --database tenth=postgresql+psycopg://postgres@127.0.0.1:5432/bench_small
"""

# Locust runs on gevent: patch the standard library before anything else is imported.
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from collections import defaultdict  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
import numpy as np  # noqa: E402
from locust import constant, task  # noqa: E402
from locust.contrib.fasthttp import FastHttpUser  # noqa: E402
from locust.env import Environment  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from telerehab.access.credentials import create_access_token  # noqa: E402
from telerehab.config import Settings  # noqa: E402
from telerehab.enums import UserRole  # noqa: E402
from telerehab.models import Assignment, Schedule, User, WorkoutSession  # noqa: E402

API = "/api/v1"
BACKEND = Path(__file__).resolve().parents[1] / "backend"
TELEREHAB = BACKEND / ".venv" / "bin" / "telerehab"
# (name, weight, role): how often a clinic's users do each thing. Writes are about 12%.
MIX = [
    ("doctor dashboard", 8, "doctor"),  # two requests: the dashboard, its recent activity
    ("patient list, first page", 8, "doctor"),
    ("patient list, deep page", 4, "doctor"),
    ("patient page", 8, "doctor"),
    ("range-of-motion trend", 6, "doctor"),
    ("adherence", 6, "doctor"),
    ("messages inbox", 8, "any"),
    ("message thread", 8, "any"),
    ("schedules", 6, "any"),
    ("patient today view", 10, "patient"),
    ("notifications", 10, "any"),
    ("send a message", 5, "any"),
    ("finish a workout session", 5, "patient"),  # two requests: start, then finish
    ("book an appointment", 2, "doctor"),
]
REQUESTS_PER_ACTION = {"doctor dashboard": 2, "finish a workout session": 2}


@dataclass
class Person:
    id: int
    token: str
    counterpart: int  # a patient of this doctor, or this patient's doctor
    deep_cursor: str | None = None


@dataclass
class Pool:
    doctors: list[Person]
    patients: list[Person]
    next_slot: dict[int, datetime]
    busiest_patient: int
    busiest_doctor_token: str
    admin_token: str


@dataclass
class Recorder:
    """Every request's latency (ms) and outcome, by endpoint name."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: dict[str, str] = field(default_factory=dict)
    active: bool = False

    def on_request(self, name: str, response_time: float, exception: Any, **_: Any) -> None:
        if not self.active:
            return
        self.latencies[name].append(response_time)
        if exception is not None:
            self.errors[name] += 1
            self.error_samples.setdefault(name, str(exception)[:200])

    def reset(self) -> None:
        self.latencies = defaultdict(list)
        self.errors = defaultdict(int)
        self.error_samples = {}

    def table(self, seconds: float) -> dict[str, dict[str, float]]:
        rows = {}
        for name in sorted(self.latencies):
            values = np.array(self.latencies[name])
            rows[name] = {
                "requests": len(values),
                "rps": len(values) / seconds,
                "p50": float(np.percentile(values, 50)),
                "p95": float(np.percentile(values, 95)),
                "p99": float(np.percentile(values, 99)),
                "errors": self.errors.get(name, 0),
            }
        every = np.concatenate([np.array(v) for v in self.latencies.values()])
        rows["ALL"] = {
            "requests": len(every),
            "rps": len(every) / seconds,
            "p50": float(np.percentile(every, 50)),
            "p95": float(np.percentile(every, 95)),
            "p99": float(np.percentile(every, 99)),
            "errors": sum(self.errors.values()),
        }
        return rows


# --- The server -----------------------------------------------------------------------------


class Server:
    """``telerehab serve --workers N`` on a free port, as in production, for one database."""

    def __init__(self, database_url: str, args: argparse.Namespace, secret_key: str) -> None:
        self.port = args.port
        self.started_workers: list[int] = []
        self.workdir = Path(tempfile.mkdtemp(prefix="telerehab-bench-"))
        metrics = self.workdir / "metrics"
        metrics.mkdir()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": args.redis_url,
            "SECRET_KEY": secret_key,
            "PROMETHEUS_MULTIPROC_DIR": str(metrics),
            "LOG_LEVEL": "INFO",
            "LOG_JSON": "true",
        }
        env.update(dict(pair.split("=", 1) for pair in args.server_env))
        self.log = (self.workdir / "server.log").open("w")
        command = [str(TELEREHAB), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        command += ["--workers", str(args.workers)]
        if args.healthcheck_timeout:
            # What `telerehab serve` runs, with a longer worker health check: uvicorn's 5 s
            # default kills a worker still importing the app on a loaded machine, over and over.
            command = [str(TELEREHAB.with_name("uvicorn")), "telerehab.main:create_app"]
            command += ["--factory", "--host", "127.0.0.1", "--port", str(self.port)]
            command += ["--workers", str(args.workers), "--timeout-graceful-shutdown", "30"]
            command += ["--timeout-worker-healthcheck", str(args.healthcheck_timeout)]
        self.process = subprocess.Popen(  # noqa: S603  our own server, arguments we built
            command,
            cwd=self.workdir,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # Ready once /readyz answers and the same workers have been up for 5 s (on a loaded
        # machine uvicorn may kill a worker that is slow to start, and start another).
        deadline = time.monotonic() + 120
        stable_since, seen = time.monotonic(), self.workers()
        while time.monotonic() < deadline:
            now = self.workers()
            if now != seen:
                stable_since, seen = time.monotonic(), now
            try:
                with urllib.request.urlopen(f"{self.base}/readyz", timeout=2) as answer:  # noqa: S310
                    ready = answer.status == 200
            except OSError:
                ready = False
            if ready and len(now) >= args.workers and time.monotonic() - stable_since > 5:
                self.started_workers = now
                return
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the server did not start; see {self.workdir / 'server.log'}")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            pids = [int(p) for p in children.read_text().split()]
        except OSError:
            return []
        # uvicorn's supervisor may start a resource tracker too; workers run the app.
        return [pid for pid in pids if "multiprocessing.resource_tracker" not in _cmdline(pid)]

    def rss_mib(self) -> dict[int, float]:
        sizes = {}
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = int(line.split()[1]) / 1024
            except OSError:
                continue
        return sizes

    def cpu_seconds(self) -> float:
        """User and system CPU time the workers have used so far."""
        return sum(_process_cpu_seconds(pid) for pid in self.workers())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.workdir / "metrics", ignore_errors=True)


def _process_cpu_seconds(pid: int, children: bool = False) -> float:
    """CPU time of ``pid``; with ``children``, plus that of its children that have ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def _postgres_cpu_seconds() -> float:
    """CPU time of PostgreSQL on this machine: its live processes, and (through each
    postmaster, which reaps them) the backends of connections already closed."""
    parents = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                status = (entry / "status").read_text()
                parents[int(entry.name)] = int(status.split("PPid:", 1)[1].split()[0])
        except OSError:
            continue
    return sum(
        _process_cpu_seconds(pid, children=parent not in parents) for pid, parent in parents.items()
    )


@dataclass(frozen=True)
class CpuSample:
    """Where the machine's CPU time has gone so far, in seconds (see
    ``Phase.cpu_ms_per_request``)."""

    workers: float
    postgres: float
    load_generator: float
    busy: float  # the whole machine, all processes (user, nice, system, interrupts)
    steal: float  # time the virtual machine's host gave to someone else

    @classmethod
    def now(cls, server: "Server") -> "CpuSample":
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = ticks[:8]
        per_second = os.sysconf("SC_CLK_TCK")
        own = os.times()
        return cls(
            workers=server.cpu_seconds(),
            postgres=_postgres_cpu_seconds(),
            load_generator=own.user + own.system,
            busy=(user + nice + system + irq + softirq) / per_second,
            steal=steal / per_second,
        )

    def __sub__(self, other: "CpuSample") -> "CpuSample":
        return CpuSample(
            *(getattr(self, name) - getattr(other, name) for name in self.__dataclass_fields__)
        )


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


class RssSampler:
    """Samples every worker's resident memory in the background; keeps each one's peak."""

    def __init__(self, server: Server, every: float = 0.5) -> None:
        self.server = server
        self.peak: dict[int, float] = {}
        self._greenlet = gevent.spawn(self._run, every)

    def _run(self, every: float) -> None:
        while True:
            for pid, size in self.server.rss_mib().items():
                self.peak[pid] = max(self.peak.get(pid, 0.0), size)
            gevent.sleep(every)

    def stop(self) -> dict[int, float]:
        self._greenlet.kill()
        return dict(sorted(self.peak.items()))


# --- Who calls, with what ---------------------------------------------------------------------


def build_pool(database_url: str, settings: Settings, base: str, args: argparse.Namespace) -> Pool:
    """Tokens for up to ``--doctors`` doctors and ``--patients`` patients, each with the other
    side of a conversation; a deep patient-list cursor per doctor; free slots for bookings."""
    engine = create_engine(database_url)
    rng = random.Random(7)
    with engine.connect() as connection:
        doctors = connection.execute(
            select(User).where(User.role == UserRole.DOCTOR, User.is_active).order_by(User.id)
        ).all()
        doctors = rng.sample(doctors, min(args.doctors, len(doctors)))
        pairs = connection.execute(
            select(Assignment.patient_id, Assignment.doctor_id)
            .where(Assignment.ended_at.is_(None))
            .order_by(Assignment.patient_id)
        ).all()
        patients_of: dict[int, list[int]] = defaultdict(list)
        for patient_id, doctor_id in pairs:
            patients_of[doctor_id].append(patient_id)
        chosen = rng.sample(pairs, min(args.patients, len(pairs)))
        patient_rows = {
            row.id: row
            for row in connection.execute(
                select(User).where(User.id.in_([p for p, _ in chosen]))
            ).all()
        }
        last_booking = dict(
            connection.execute(
                select(Schedule.doctor_id, func.max(Schedule.ends_at)).group_by(Schedule.doctor_id)
            ).all()
        )
        busiest = connection.execute(
            select(WorkoutSession.user_id)
            .group_by(WorkoutSession.user_id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
        busiest_doctor = connection.execute(
            select(Assignment.doctor_id).where(
                Assignment.patient_id == busiest, Assignment.ended_at.is_(None)
            )
        ).scalar_one()
        doctor_rows = {
            row.id: row
            for row in connection.execute(
                select(User).where(User.id.in_([busiest_doctor, *[d.id for d in doctors]]))
            ).all()
        }
        admin = connection.execute(
            select(User).where(User.role == UserRole.ADMIN).order_by(User.id).limit(1)
        ).one()
    engine.dispose()

    def token(row: Any) -> str:
        user = User(id=row.id, role=UserRole(row.role), token_version=row.token_version)
        return create_access_token(user, settings)

    doctor_people = [
        Person(d.id, token(d), rng.choice(patients_of[d.id])) for d in doctors if patients_of[d.id]
    ]
    patient_people = [Person(p, token(patient_rows[p]), d) for p, d in chosen]
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=1)
    next_slot = {
        d.id: max(start, (last_booking.get(d.id) or start) + timedelta(hours=1))
        for d in doctor_people
    }
    # The deep page of each doctor's patient list: follow next_cursor as far as it goes.
    for person in doctor_people:
        cursor = None
        for _ in range(args.deep_page):
            url = f"{base}{API}/patients?limit=10" + (f"&cursor={cursor}" if cursor else "")
            request = urllib.request.Request(  # noqa: S310
                url, headers={"Authorization": f"Bearer {person.token}"}
            )
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                page = json.load(answer)
            if not page["next_cursor"]:
                break
            cursor = page["next_cursor"]
        person.deep_cursor = cursor
    return Pool(
        doctor_people,
        patient_people,
        next_slot,
        busiest,
        token(doctor_rows[busiest_doctor]),
        token(admin),
    )


# --- The users ---------------------------------------------------------------------------------


def checked(
    client: Any,
    method: str,
    path: str,
    name: str,
    token: str,
    ok: tuple[int, ...] = (200,),
    **request: Any,
) -> Any:
    """One API request as ``token``'s owner, reported to Locust as a failure unless its status
    is in ``ok``."""
    with client.request(
        method,
        f"{API}{path}",
        headers={"Authorization": f"Bearer {token}"},
        name=name,
        catch_response=True,
        **request,
    ) as answer:
        if answer.status_code not in ok:
            answer.failure(f"{answer.status_code} {answer.text[:120]}")
        return answer


def make_user_class(pool: Pool, weights: list[tuple[str, int, str]], rps: float | None) -> type:
    names = [name for name, _, _ in weights]
    cumulative = list(np.cumsum([w for _, w, _ in weights]))

    class Clinic(FastHttpUser):
        network_timeout = 30.0
        connection_timeout = 10.0
        due = 0.0

        def wait_time(self) -> float:
            """Open arrivals: each user's next action is due an exponential interval after the
            last one was due, whatever the answer's time, so the clinic's users arrive as a
            Poisson stream at the fixed rate. (Locust's constant_throughput paces each user
            from its last answer: one slow moment puts every user in step, and the 'fixed
            rate' turns into bursts of all users at once.) No pause at saturation."""
            if not rps:
                return 0.0
            now = time.monotonic()
            self.due = max(self.due or now, now - 1.0) + random.expovariate(rps)
            return max(0.0, self.due - now)

        def _get(self, path: str, name: str, person: Person, **params: Any) -> Any:
            return checked(self.client, "GET", path, name, person.token, params=params or None)

        def _post(self, path: str, name: str, person: Person, body: dict[str, Any]) -> Any:
            return checked(self.client, "POST", path, name, person.token, ok=(200, 201), json=body)

        @task
        def act(self) -> None:
            action = names[
                int(np.searchsorted(cumulative, random.random() * cumulative[-1], "right"))
            ]
            doctor = random.choice(pool.doctors)
            patient = random.choice(pool.patients)
            anyone = doctor if random.random() < 0.5 else patient
            if action == "doctor dashboard":  # the screen loads its two parts side by side
                self._get("/dashboard/doctor", action, doctor)
                self._get("/dashboard/doctor/activity", "dashboard: recent activity", doctor)
            elif action == "patient list, first page":
                self._get("/patients", action, doctor)
            elif action == "patient list, deep page":
                self._get("/patients", action, doctor, limit=10, cursor=doctor.deep_cursor)
            elif action == "patient page":
                self._get(f"/patients/{doctor.counterpart}", action, doctor)
            elif action == "range-of-motion trend":
                self._get(
                    f"/patients/{doctor.counterpart}/progress/range-of-motion", action, doctor
                )
            elif action == "adherence":
                self._get(f"/patients/{doctor.counterpart}/progress/adherence", action, doctor)
            elif action == "messages inbox":
                self._get("/messages/conversations", action, anyone)
            elif action == "message thread":
                self._get(f"/messages/with/{anyone.counterpart}", action, anyone)
            elif action == "schedules":
                self._get("/schedules", action, anyone)
            elif action == "patient today view":
                self._get(f"/patients/{patient.id}/today", action, patient)
            elif action == "notifications":
                self._get("/notifications", action, anyone)
            elif action == "send a message":
                body = {"receiver_id": anyone.counterpart, "body": "Benchmark message: all well?"}
                self._post("/messages", action, anyone, body)
            elif action == "finish a workout session":
                started = self._post("/exercise-sessions", "workout: start", patient, {})
                if started.status_code in (200, 201):
                    session_id = started.json()["id"]
                    body = {"pain_score": random.randint(0, 6), "difficulty": random.randint(2, 8)}
                    self._post(
                        f"/exercise-sessions/{session_id}/finish", "workout: finish", patient, body
                    )
            elif action == "book an appointment":
                slot = pool.next_slot[doctor.id]
                pool.next_slot[doctor.id] = slot + timedelta(minutes=30)
                body = {
                    "patient_id": doctor.counterpart,
                    "title": "Benchmark review",
                    "starts_at": slot.isoformat(),
                    "ends_at": (slot + timedelta(minutes=20)).isoformat(),
                }
                self._post("/schedules", action, doctor, body)

    return Clinic


def make_single_user_class(path: str, name: str, token: str, params: dict[str, Any]) -> type:
    class Single(FastHttpUser):
        wait_time = constant(0)
        network_timeout = 30.0

        @task
        def call(self) -> None:
            checked(self.client, "GET", path, name, token, params=params or None)

    return Single


@dataclass
class Phase:
    seconds: float
    cpu: CpuSample
    load_average: tuple[float, float]  # the machine's 1-minute load at the start and the end

    def cpu_ms_per_request(self, requests: int) -> dict[str, float]:
        """Milliseconds of CPU a request, by who spent them: the app's workers, PostgreSQL,
        this load generator, everything else on the machine; and the host's steal."""
        each = {
            name: 1000 * getattr(self.cpu, name) / max(1, requests)
            for name in ("workers", "postgres", "load_generator", "busy", "steal")
        }
        each["other"] = each["busy"] - each["workers"] - each["postgres"] - each["load_generator"]
        return each


def _load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def run_phase(
    user_class: type,
    server: "Server",
    users: int,
    seconds: float,
    warmup: float,
    recorder: Recorder,
) -> Phase:
    """Run ``users`` users for ``warmup`` + ``seconds``; the recorder keeps only the latter."""
    host = server.base
    env = Environment(user_classes=[user_class], host=host)
    env.events.request.add_listener(recorder.on_request)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=min(100, max(users, 1) * 4))
    gevent.sleep(warmup)
    recorder.reset()
    recorder.active = True
    started, cpu, load = time.monotonic(), CpuSample.now(server), _load()
    gevent.sleep(seconds)
    recorder.active = False
    phase = Phase(time.monotonic() - started, CpuSample.now(server) - cpu, (load, _load()))
    runner.quit()
    return phase


# --- Report ---------------------------------------------------------------------------------


def _mib(sizes: dict[int, float]) -> str:
    return ", ".join(f"{pid}: {size:.0f}" for pid, size in sizes.items())


def markdown_table(rows: dict[str, dict[str, float]]) -> str:
    lines = [
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in rows.items():
        lines.append(
            f"| {name} | {row['requests']:,} | {row['rps']:.1f} | {row['p50']:.1f} | "
            f"{row['p95']:.1f} | {row['p99']:.1f} | {row['errors']} |"
        )
    return "\n".join(lines)


def cpu_table(columns: dict[str, dict[str, float]]) -> str:
    lines = [
        "| who | " + " | ".join(columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for who in ("workers", "postgres", "load_generator", "other", "busy", "steal"):
        cells = " | ".join(f"{column[who]:.2f}" for column in columns.values())
        lines.append(f"| {who.replace('_', ' ')} | {cells} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", action="append", required=True, metavar="NAME=URL")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server-env", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument(
        "--healthcheck-timeout",
        type=int,
        default=0,
        help="serve with uvicorn directly and this worker health check (s); 0: telerehab serve",
    )
    parser.add_argument("--rate", type=float, default=100.0, help="requests/s of the fixed phase")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=50, help="users of the fixed phase")
    parser.add_argument("--saturation-users", type=int, default=24)
    parser.add_argument("--saturation-seconds", type=float, default=20.0)
    parser.add_argument("--no-saturation", action="store_true")
    parser.add_argument(
        "--cost-seconds", type=float, default=6.0, help="per action alone (0: skip)"
    )
    parser.add_argument(
        "--largest-seconds", type=float, default=10.0, help="largest lists' memory (0: skip)"
    )
    parser.add_argument("--doctors", type=int, default=100)
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--deep-page", type=int, default=4, help="patient-list page (of 10)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="fixed-rate phases over the databases in turn, this many times (growth is the "
        "median of the rounds: a host that drifts between two phases moves one round only)",
    )
    parser.add_argument("--output", type=Path, default=Path("api_load.json"))
    args = parser.parse_args()
    if not TELEREHAB.exists():
        sys.exit(f"{TELEREHAB} is missing: run `make deps` first")

    results: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}, "runs": {}}
    mean_requests = sum(w * REQUESTS_PER_ACTION.get(n, 1) for n, w, _ in MIX) / sum(
        w for _, w, _ in MIX
    )
    turns = [(r, i, pair) for r in range(args.rounds) for i, pair in enumerate(args.database)]
    for round_number, database_index, pair in turns:
        index = database_index if round_number == 0 else -1  # -1: fixed rate only
        label, url = pair.split("=", 1)
        if round_number:
            label = f"{label} #{round_number + 1}"
        secret_key = secrets.token_urlsafe(48)
        settings = Settings(database_url=url, secret_key=secret_key)
        server = Server(url, args, secret_key)
        run: dict[str, Any] = {}
        try:
            pool = build_pool(url, settings, server.base, args)
            recorder = Recorder()
            per_user = args.rate / mean_requests / args.users
            clinic = make_user_class(pool, MIX, per_user)
            sampler = RssSampler(server)
            phase = run_phase(clinic, server, args.users, args.duration, args.warmup, recorder)
            run["fixed_rate"] = recorder.table(phase.seconds)
            run["fixed_rate_errors"] = recorder.error_samples
            run["rss_mib_under_load"] = sampler.stop()
            run["fixed_rate_phase"] = asdict(phase)
            cpu_ms = phase.cpu_ms_per_request(run["fixed_rate"]["ALL"]["requests"])["workers"]
            run["server_cpu_ms_per_request"] = cpu_ms
            print(f"\n## {label}: {args.rate:g} requests/s for {phase.seconds:.0f} s\n")
            print(markdown_table(run["fixed_rate"]))
            print(
                f"\nserver CPU {cpu_ms:.1f} ms a request; machine load average "
                f"{phase.load_average[0]:.1f} -> {phase.load_average[1]:.1f}; worker RSS (MiB) "
                f"under load: {_mib(run['rss_mib_under_load'])}"
            )
            if recorder.error_samples:
                print(f"errors: {recorder.error_samples}")

            if index == 0 and not args.no_saturation:
                saturated = make_user_class(pool, MIX, None)
                users, seconds = args.saturation_users, args.saturation_seconds
                mix_phase = run_phase(saturated, server, users, seconds, 5, recorder)
                mix = recorder.table(mix_phase.seconds)
                token = pool.patients[0].token
                cheapest = make_single_user_class("/users/me", "users-me", token, {})
                single_phase = run_phase(cheapest, server, users, seconds, 5, recorder)
                single = recorder.table(single_phase.seconds)
                cpu_ms_per_request = {
                    "mix": mix_phase.cpu_ms_per_request(mix["ALL"]["requests"]),
                    "cheapest": single_phase.cpu_ms_per_request(single["ALL"]["requests"]),
                }
                run["saturation"] = {
                    "mix": mix,
                    "cheapest": single,
                    "mix_rps": mix["ALL"]["rps"],
                    "cheapest_rps": single["ALL"]["rps"],
                    "ratio": mix["ALL"]["rps"] / single["ALL"]["rps"],
                    "mix_cpu_ms": cpu_ms_per_request["mix"]["workers"],
                    "cheapest_cpu_ms": cpu_ms_per_request["cheapest"]["workers"],
                    "load_average": [mix_phase.load_average, single_phase.load_average],
                    "cpu_ms_per_request": cpu_ms_per_request,
                }
                sat = run["saturation"]
                print(f"\n## {label}: CPU ms a request at saturation, by process\n")
                print(cpu_table(sat["cpu_ms_per_request"]))
                print(
                    f"\n## {label}: saturation with {users} users\n\n"
                    f"mix: {mix['ALL']['rps']:.0f} requests/s (errors {mix['ALL']['errors']}, "
                    f"server CPU {sat['mix_cpu_ms']:.1f} ms a request); GET /users/me: "
                    f"{single['ALL']['rps']:.0f} requests/s (server CPU "
                    f"{sat['cheapest_cpu_ms']:.1f} ms a request); ratio {sat['ratio']:.2f}; "
                    f"load average {sat['load_average']}"
                )

            if index == 0 and args.cost_seconds:
                # Each action alone, back to back: the server CPU it costs (load-independent,
                # unlike latency on a shared machine), and its latency with 4 users.
                costs = {}
                alone_classes = [
                    (name, make_user_class(pool, [(name, w, r)], None)) for name, w, r in MIX
                ]
                no_op_name = "GET /users/me"
                me = make_single_user_class("/users/me", "users-me", pool.patients[0].token, {})
                for name, alone in [*alone_classes, (no_op_name, me)]:
                    phase = run_phase(alone, server, 4, args.cost_seconds, 1, recorder)
                    table = recorder.table(phase.seconds)
                    cpu = phase.cpu_ms_per_request(table["ALL"]["requests"])
                    costs[name] = {
                        "cpu_ms": cpu["workers"],
                        "postgres_cpu_ms": cpu["postgres"],
                        "machine_cpu_ms": cpu["busy"],
                        "rps": table["ALL"]["rps"],
                        "p50": table["ALL"]["p50"],
                        "p95": table["ALL"]["p95"],
                        "errors": table["ALL"]["errors"],
                    }
                # The saturation ratio a mix of this action alone could reach: the machine's CPU
                # bounds both, so it is the no-op's machine CPU a request over this action's.
                no_op = costs[no_op_name]["machine_cpu_ms"]
                for cost in costs.values():
                    cost["ratio_bound"] = no_op / cost["machine_cpu_ms"]
                run["cost_per_action"] = costs
                print(f"\n## {label}: CPU per request of each action alone (4 users)\n")
                print(
                    "| action | workers ms | PostgreSQL ms | machine ms | ratio bound | req/s "
                    "| p50 ms | p95 ms | errors |"
                )
                print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
                for name, cost in sorted(costs.items(), key=lambda item: -item[1]["cpu_ms"]):
                    print(
                        f"| {name} | {cost['cpu_ms']:.2f} | {cost['postgres_cpu_ms']:.2f} | "
                        f"{cost['machine_cpu_ms']:.2f} | {cost['ratio_bound']:.2f} | "
                        f"{cost['rps']:.0f} | {cost['p50']:.1f} | {cost['p95']:.1f} | "
                        f"{cost['errors']} |"
                    )

            largest = {}
            for name, path, token, params in [] if index != 0 or not args.largest_seconds else [
                ("workout sessions, 100 with sets",
                 f"/patients/{pool.busiest_patient}/workout-sessions", pool.busiest_doctor_token,
                 {"limit": 100}),
                ("audit log, 100 rows", "/audit", pool.admin_token, {"limit": 100}),
            ]:  # fmt: skip
                sampler = RssSampler(server, every=0.2)
                single = make_single_user_class(path, name, token, params)
                phase = run_phase(single, server, 4, args.largest_seconds, 1, recorder)
                size = len(
                    urllib.request.urlopen(  # noqa: S310
                        urllib.request.Request(  # noqa: S310  http to the server under test
                            f"{server.base}{API}{path}?limit=100",
                            headers={"Authorization": f"Bearer {token}"},
                        ),
                        timeout=30,
                    ).read()
                )
                largest[name] = {
                    "table": recorder.table(phase.seconds)[name],
                    "bytes": size,
                    "rss_mib": sampler.stop(),
                }
                print(
                    f"\n{label}: {name}: {size:,} bytes, p95 "
                    f"{largest[name]['table']['p95']:.1f} ms, worker peak RSS (MiB) "
                    f"{_mib(largest[name]['rss_mib'])}"
                )
            run["largest_list"] = largest
            run["rss_mib_after"] = server.rss_mib()
            run["worker_restarts"] = len(set(server.workers()) - set(server.started_workers))
        finally:
            server.stop()
        results["runs"][label] = run
        with connect_count(url) as rows:
            run["history_rows"] = rows

    if len(args.database) >= 2:
        names = [pair.split("=", 1)[0] for pair in args.database[:2]]
        rounds = []
        for r in range(args.rounds):
            suffix = f" #{r + 1}" if r else ""
            first, second = (results["runs"][name + suffix]["fixed_rate"] for name in names)
            rounds.append(
                {
                    name: first[name]["p95"] / second[name]["p95"]
                    for name in first
                    if name in second and second[name]["p95"] > 0
                }
            )
        growth = {name: float(np.median([g[name] for g in rounds])) for name in rounds[0]}
        results["p95_growth_by_round"] = rounds
        results["p95_growth"] = growth
        print(f"\n## p95 growth, {names[0]} / {names[1]} (median of {args.rounds} rounds)\n")
        for name, ratio in growth.items():
            each = ", ".join(f"{g[name]:.2f}" for g in rounds)
            print(f"- {name}: {ratio:.2f} (rounds: {each})")
    args.output.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nwrote {args.output}")


class connect_count:  # noqa: N801  (a small context manager)
    """Rows in the benchmark's history tables, for the report."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> int:
        engine = create_engine(self.url)
        with engine.connect() as connection:
            total = connection.scalar(
                text(
                    "SELECT (SELECT count(*) FROM workout_sessions) + (SELECT count(*) FROM "
                    "session_details) + (SELECT count(*) FROM brain_exercise_sessions) + "
                    "(SELECT count(*) FROM messages) + (SELECT count(*) FROM notifications) + "
                    "(SELECT count(*) FROM schedules) + (SELECT count(*) FROM audit_log)"
                )
            )
        engine.dispose()
        return int(total or 0)

    def __exit__(self, *_: object) -> None:
        return None


if __name__ == "__main__":
    main()
