"""A PostgreSQL server of a test's own, for tests that stop and start the database, and the
app served by real uvicorn processes in front of a database.

The shared server on 5432 is never touched: each instance lives in a temporary directory, listens
on a free port of 127.0.0.1 only, and is removed afterwards. PostgreSQL refuses to run as root,
so when the tests run as root the server runs as the ``postgres`` account (which owns the
directory). A missing installation is an error, never a skip.
"""

import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from .services import free_port, wait_for_port

SERVICE_ACCOUNT = "postgres"


def postgres_bin_dir() -> Path:
    """Where initdb and pg_ctl are: Debian keeps them out of PATH, in a versioned directory."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    for directory in [*candidates, *[str(Path(p).parent) for p in [shutil.which("pg_ctl")] if p]]:
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    raise RuntimeError(
        "PostgreSQL server binaries (initdb, pg_ctl) are not installed; "
        "run scripts/ensure-services.sh postgresql"
    )


def _version(directory: str) -> float:
    try:
        return float(Path(directory).parent.name)
    except ValueError:
        return 0.0


class PostgresInstance:
    """One private server: ``url`` for SQLAlchemy, ``stop()`` and ``start()`` for the outage."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.data = root / "data"
        self.log = root / "server.log"
        self.bin = postgres_bin_dir()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 60) -> None:
        result = subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.root,
            **_as_service_account(),
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}\n"
                f"{self.log.read_text() if self.log.exists() else ''}"
            )

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",  # the cluster is thrown away; its own writes still fsync as usual
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c max_connections=50"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        wait_for_port(self.port)

    def stop(self, mode: str = "fast") -> None:
        """``fast``: roll back open transactions, close every connection, shut down cleanly."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


@contextmanager
def postgres_instance() -> Iterator[PostgresInstance]:
    """A running private server; stopped and deleted afterwards, whatever the test did to it."""
    root = Path(tempfile.mkdtemp(prefix="telerehab-pg-"))
    try:
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVICE_ACCOUNT)
            os.chown(root, account.pw_uid, account.pw_gid)
        instance = PostgresInstance(root, free_port())
        instance.init()
        instance.start()
        try:
            yield instance
        finally:
            if instance.is_running():
                instance.stop("immediate")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _as_service_account() -> dict[str, Any]:
    if os.geteuid() != 0:
        return {}
    account = pwd.getpwnam(SERVICE_ACCOUNT)
    return {
        "user": account.pw_uid,
        "group": account.pw_gid,
        "extra_groups": [],
        "env": {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"},
    }


class AppServer:
    """``telerehab serve`` in a process of its own (its workers are its children)."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log = log
        self.base_url = f"http://127.0.0.1:{port}"

    def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, as an orchestrator stops a server; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextmanager
def app_server(
    directory: Path, environment: dict[str, str], workers: int = 1, ready_timeout: float = 60
) -> Iterator[AppServer]:
    """Serve the app on a free port with ``environment`` (DATABASE_URL, SECRET_KEY...), from
    ``directory`` so no ``.env`` of the developer's is read; wait until /healthz answers. A
    process that must compile the engine's kernels first (a fresh clone, or kernels.py changed)
    takes about 7 s on a quiet machine and several times that on a busy one: hence the minute."""
    port = free_port()
    log = directory / f"server-{port}.log"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(directory),
        "LOG_JSON": "true",
        "LOG_LEVEL": "WARNING",
        **environment,
    }
    command = [sys.executable, "-m", "telerehab.operations.cli", "serve", "--port", str(port)]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)],
            cwd=directory,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    server = AppServer(process, port, log)
    try:
        _wait_until_healthy(server, ready_timeout)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_until_healthy(server: AppServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"the server exited ({server.process.returncode}):\n{server.output()}"
            )
        try:
            if httpx.get(server.base_url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"the server did not answer /healthz in {timeout} s:\n{server.output()}")
