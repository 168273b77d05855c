"""How many live exercise streams one worker carries (issue 23 §1).

N patients each stream a real recording at 30 frames/s over the exercise WebSocket to one
uvicorn worker, ``--batch`` frames to a binary message (the web app sends three). After a
message (every one, or every ``--probe-every``th) the client sends a ping; the server answers
in order, so the pong comes back only once the message's frames have been counted. The delay
of a batch is the pong's arrival less the moment its *first* frame was captured (start + index
/ 30 s): the worst frame of the batch, waiting for the batch to fill included. A rep event is
sent when the frame that completes the rep is counted, so this is the delay a rep event sees.

The load generator runs in ``--generators`` processes of its own (each an asyncio loop with its
share of the streams), and its CPU is reported apart from the server's. The server's CPU and
memory are read from /proc while each level runs; memory per stream is the growth of the
worker's resident memory over the idle worker, divided by the streams.

    python bench/ws_streams.py ../shared/data/pose --streams 10,100,250,500,1000 --batch 3 \\
        --probe-every 5 --redis redis://127.0.0.1:6379/14 \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_live

A PostgreSQL database named in ``--database`` is dropped and created again; without the option a
SQLite file in a temporary directory is used. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import multiprocessing.synchronize
import os
import queue
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import psutil
import websockets
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

from sqlalchemy.orm import Session  # noqa: E402

from telerehab.access.credentials import create_access_token  # noqa: E402
from telerehab.config import Settings  # noqa: E402
from telerehab.database import create_db_engine  # noqa: E402
from telerehab.enums import UserRole  # noqa: E402
from telerehab.models import User, WorkoutSession, utc_now  # noqa: E402
from telerehab.operations import migrate  # noqa: E402

FPS = 30
RECORDING = "uiprmd_m07_s01.npy"  # shoulder abduction, 10 reps
START_SPREAD_S = 1.0  # streams start spread over this, as patients do not press Start at once


@dataclass
class GeneratorResult:
    delays: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fresh_database(url: str | None, workdir: str) -> str:
    if url is None:
        return f"sqlite:///{workdir}/bench.db"
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        name = parsed.database
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url


def prepare(settings: Settings, streams: int) -> list[tuple[int, str]]:
    """One patient per stream, each with an open session; returns (session id, token)."""
    migrate.upgrade(settings.database_url)
    engine = create_db_engine(settings)
    pairs = []
    with Session(engine) as db:
        for n in range(streams):
            # "!" is no bcrypt hash: these accounts stream with a token and can never sign in.
            patient = User(
                username=f"bench.{n}",
                full_name=f"Bench {n}",
                role=UserRole.PATIENT,
                password_hash="!",  # noqa: S106
            )
            db.add(patient)
            db.flush()
            session = WorkoutSession(user_id=patient.id, started_at=utc_now())
            db.add(session)
            db.flush()
            pairs.append((session.id, create_access_token(patient, settings)))
        db.commit()
    engine.dispose()
    return pairs


async def one_stream(
    url: str,
    session_id: int,
    token: str,
    rows: np.ndarray,
    seconds: float,
    batch: int,
    probe_every: int,
    start_set: str,
    delay_s: float,
    result: GeneratorResult,
) -> None:
    await asyncio.sleep(delay_s)
    try:
        stream_url = f"{url}/api/v1/exercise-sessions/{session_id}/stream"
        async with websockets.connect(stream_url, max_queue=None) as ws:
            await ws.send(json.dumps({"type": "auth", "token": token}))
            await ws.recv()
            await ws.send(start_set)
            await ws.recv()
            captured: list[float] = []  # capture time of each batch's first frame, in order

            async def reader() -> None:
                async for message in ws:
                    if isinstance(message, str) and '"pong"' in message and captured:
                        result.delays.append(time.perf_counter() - captured.pop(0))

            reading = asyncio.create_task(reader())
            start = time.perf_counter()
            total = int(seconds * FPS)
            for first in range(0, total, batch):
                count = min(batch, total - first)
                # The batch leaves when its last frame has been captured.
                ready_at = start + (first + count - 1) / FPS
                await asyncio.sleep(max(0.0, ready_at - time.perf_counter()))
                frames = rows[[(first + k) % len(rows) for k in range(count)]].copy()
                frames[:, 0] = (first + np.arange(count)) / FPS
                await ws.send(frames.astype("<f4").tobytes())
                if (first // batch) % probe_every == 0:
                    captured.append(start + first / FPS)
                    await ws.send('{"type": "ping"}')
            await ws.send('{"type": "end_set"}')
            for _ in range(100):  # the last pongs
                if not captured:
                    break
                await asyncio.sleep(0.05)
            reading.cancel()
    except Exception as error:  # a benchmark counts failures, it does not stop
        result.errors.append(f"{type(error).__name__}: {error}")


def generator(
    url: str,
    pairs: list[tuple[int, str]],
    rows: np.ndarray,
    seconds: float,
    batch: int,
    probe_every: int,
    start_set: str,
    results: multiprocessing.Queue[GeneratorResult],
    ready: multiprocessing.synchronize.Barrier,
) -> None:
    result = GeneratorResult()
    ready.wait()  # every generator has imported and set up: the streams start together
    before = resource.getrusage(resource.RUSAGE_SELF)
    spread = [START_SPREAD_S * i / max(1, len(pairs)) for i in range(len(pairs))]

    async def run() -> None:
        await asyncio.gather(
            *(
                one_stream(
                    url, sid, token, rows, seconds, batch, probe_every, start_set, delay, result
                )
                for (sid, token), delay in zip(pairs, spread, strict=True)
            )
        )

    asyncio.run(run())
    after = resource.getrusage(resource.RUSAGE_SELF)
    result.cpu_seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    results.put(result)


@dataclass
class Level:
    streams: int
    delays_ms: list[float]
    errors: list[str]
    wall_s: float
    server_cpu_s: float
    generator_cpu_s: float
    server_rss_mib: float


def run_level(
    url: str,
    pairs: list[tuple[int, str]],
    rows: np.ndarray,
    seconds: float,
    batch: int,
    probe_every: int,
    start_set: str,
    generators: int,
    server: psutil.Process,
) -> Level:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[GeneratorResult] = context.Queue()
    shares = [share for share in (pairs[i::generators] for i in range(generators)) if share]
    ready = context.Barrier(len(shares) + 1)
    processes = [
        context.Process(
            target=generator,
            args=(url, share, rows, seconds, batch, probe_every, start_set, results, ready),
        )
        for share in shares
    ]
    for process in processes:
        process.start()
    ready.wait()
    cpu_before = server.cpu_times()
    started = time.perf_counter()
    peak_rss = 0
    collected: list[GeneratorResult] = []
    while len(collected) < len(processes):
        peak_rss = max(peak_rss, server.memory_info().rss)
        try:
            collected.append(results.get(timeout=0.5))
        except queue.Empty:  # keep sampling the server's memory meanwhile
            continue
    wall = time.perf_counter() - started
    cpu_after = server.cpu_times()
    for process in processes:
        process.join()
    return Level(
        streams=len(pairs),
        delays_ms=sorted(1000 * d for r in collected for d in r.delays),
        errors=[e for r in collected for e in r.errors],
        wall_s=wall,
        server_cpu_s=(cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system),
        generator_cpu_s=sum(r.cpu_seconds for r in collected),
        server_rss_mib=peak_rss / 2**20,
    )


def wait_until_ready(port: int, server: subprocess.Popen[bytes]) -> None:
    # Wait for the app itself (its import takes seconds), not just the listening socket.
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit("the server exited while starting")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not answer /healthz within a minute")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the shared pose recordings (../shared/data/pose)")
    parser.add_argument("--streams", default="10,100,250,500,1000")
    parser.add_argument("--seconds", type=float, default=20.0, help="each stream's length")
    parser.add_argument("--batch", type=int, default=1, help="frames to a message")
    parser.add_argument(
        "--probe-every",
        type=int,
        default=1,
        help="measure the delay of every Nth batch (a ping after it); the browser itself "
        "pings every 20 s, so a ping after every batch doubles the messages the worker handles",
    )
    parser.add_argument("--generators", type=int, default=2, help="load generator processes")
    parser.add_argument("--database", help="a PostgreSQL URL (dropped and created again)")
    parser.add_argument("--profile", type=Path, help="run the worker under cProfile, stats here")
    parser.add_argument(
        "--redis",
        help="a Redis URL for the worker (as in production: stream owners hear of takeovers "
        "through it; without it each stream asks the database every 2 s)",
    )
    parser.add_argument(
        "--world",
        action="store_true",
        help="send world landmarks too, as the web app does with MediaPipe (232 numbers a frame; "
        "the recording has none, so its own x, y, z stand in: the cost is the same)",
    )
    args = parser.parse_args()
    recording = np.load(args.data / RECORDING)
    columns = [np.zeros(len(recording)), recording.reshape(len(recording), -1)]
    if args.world:
        columns.append(recording[..., :3].reshape(len(recording), -1))
    rows = np.column_stack(columns)
    start_set = json.dumps(
        {"type": "start_set", "exercise": "shoulder-abduction", "fps": FPS}
        | ({"world_landmarks": True} if args.world else {})
    )
    levels = [int(n) for n in args.streams.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=fresh_database(args.database, tmp),
            secret_key=secrets.token_urlsafe(48),
        )
        pairs = prepare(settings, sum(levels))
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": settings.database_url,
            "SECRET_KEY": settings.secret_key,
            "LOG_LEVEL": "WARNING",
            **({"REDIS_URL": args.redis} if args.redis else {}),
        }
        profiled = (
            [sys.executable, "-m", "cProfile", "-o", str(args.profile.resolve())]
            if args.profile
            else []
        )
        command = ["-m", "telerehab.operations.cli"] if args.profile else []
        server = subprocess.Popen(  # noqa: S603  our own CLI, fixed arguments
            [
                *(profiled + command or [str(ROOT / "backend/.venv/bin/telerehab")]),
                "serve",
                "--port",
                str(port),
                "--graceful-timeout",
                "1",
            ],
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_ready(port, server)
            worker = psutil.Process(server.pid)
            idle_rss = worker.memory_info().rss / 2**20
            print(
                f"one worker, {settings.database_url.split(':')[0]}"
                f"{', Redis' if args.redis else ''}, {args.batch} frame(s) a "
                f"{'world ' if args.world else ''}"
                f"message, {args.generators} generator processes, {args.seconds:.0f} s a stream; "
                f"idle worker {idle_rss:.0f} MiB\n"
            )
            print(
                "| streams | frames/s offered | p50 ms | p95 ms | max ms | server CPU | "
                "MiB a stream | generator CPU | errors |"
            )
            print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            used = 0
            for streams in levels:
                level = run_level(
                    f"ws://127.0.0.1:{port}",
                    pairs[used : used + streams],
                    rows,
                    args.seconds,
                    args.batch,
                    args.probe_every,
                    start_set,
                    args.generators,
                    worker,
                )
                used += streams
                ms = level.delays_ms or [float("nan")]
                p95 = ms[int(0.95 * (len(ms) - 1))]
                per_stream = (level.server_rss_mib - idle_rss) / streams
                print(
                    f"| {streams} | {streams * FPS:,} | "
                    f"{statistics.median(ms):.1f} | {p95:.1f} | {ms[-1]:.1f} | "
                    f"{100 * level.server_cpu_s / level.wall_s:.0f} % | {per_stream:.2f} | "
                    f"{100 * level.generator_cpu_s / level.wall_s:.0f} % | "
                    f"{len(level.errors)} |"
                )
                for error in sorted(set(level.errors))[:3]:
                    print(f"  error: {error}")
        finally:
            # uvicorn re-raises the signal once shut down: cProfile writes its file on the
            # KeyboardInterrupt of a SIGINT, but dies with a SIGTERM.
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
