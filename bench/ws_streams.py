"""How many live exercise streams one worker carries: N patients stream 30 frames/s each over
the exercise WebSocket, and we measure the event latency (a ping sent after every 10 frames
comes back as a pong only after the server has counted those frames, so its round trip is the
delay a rep event would see). Reports p50/p95 per N and the largest N with p95 under 50 ms.

    python bench/ws_streams.py ../shared/data/pose [--streams 10,20,40,60,80] [--seconds 15]

Runs a real uvicorn worker (one process) on SQLite in a temporary directory.
"""

import argparse
import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

from sqlalchemy.orm import Session  # noqa: E402

from telerehab import migrate  # noqa: E402
from telerehab.access.credentials import create_access_token  # noqa: E402
from telerehab.config import Settings  # noqa: E402
from telerehab.database import create_db_engine  # noqa: E402
from telerehab.enums import UserRole  # noqa: E402
from telerehab.models import User, WorkoutSession, utc_now  # noqa: E402

FPS = 30
PING_EVERY = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    latencies: list[float],
) -> None:
    async with websockets.connect(f"{url}/api/v1/exercise-sessions/{session_id}/stream") as ws:
        await ws.send(json.dumps({"type": "auth", "token": token}))
        await ws.recv()
        await ws.send('{"type": "start_set", "exercise": "shoulder-abduction", "fps": 30}')
        await ws.recv()
        pending: dict[int, float] = {}

        async def reader() -> None:
            async for message in ws:
                if '"pong"' in str(message) and pending:
                    sent = pending.pop(min(pending))
                    latencies.append(time.perf_counter() - sent)

        reading = asyncio.create_task(reader())
        start = time.perf_counter()
        frame = 0
        while time.perf_counter() - start < seconds:
            row = rows[frame % len(rows)].copy()
            row[0] = frame / FPS
            await ws.send(row.astype("<f4").tobytes())
            frame += 1
            if frame % PING_EVERY == 0:
                pending[frame] = time.perf_counter()
                await ws.send('{"type": "ping"}')
            next_at = start + frame / FPS
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        await ws.send('{"type": "end_set"}')
        await asyncio.sleep(0.5)
        reading.cancel()


async def run_level(
    url: str, pairs: list[tuple[int, str]], rows: np.ndarray, seconds: float
) -> list[float]:
    latencies: list[float] = []
    await asyncio.gather(
        *(one_stream(url, sid, token, rows, seconds, latencies) for sid, token in pairs)
    )
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--streams", default="10,20,40,60,80")
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    recording = np.load(args.data / "uiprmd_m07_s01.npy")
    rows = np.column_stack([np.zeros(len(recording)), recording.reshape(len(recording), -1)])
    levels = [int(n) for n in args.streams.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{tmp}/bench.db", secret_key=secrets.token_urlsafe(48)
        )
        pairs = prepare(settings, max(levels) * 2)
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": settings.database_url,
            "SECRET_KEY": settings.secret_key,
            "LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(  # noqa: S603
            [str(ROOT / "backend/.venv/bin/telerehab"), "serve", "--port", str(port)],
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            # Wait for the app itself (its import takes seconds), not just the listening socket.
            for _ in range(600):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                        break
                except OSError:
                    time.sleep(0.1)
            url = f"ws://127.0.0.1:{port}"
            print(f"{'streams':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'samples':>8}")
            best = 0
            used = 0
            for level in levels:
                batch = pairs[used : used + level]
                used += level
                latencies = asyncio.run(run_level(url, batch, rows, args.seconds))
                ms = sorted(1000 * value for value in latencies)
                p95 = ms[int(0.95 * (len(ms) - 1))]
                print(
                    f"{level:>8} {statistics.median(ms):>8.1f} {p95:>8.1f} {ms[-1]:>8.1f} "
                    f"{len(ms):>8}"
                )
                if p95 < 50:
                    best = level
            print(f"largest tested stream count with p95 < 50 ms on one worker: {best}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
