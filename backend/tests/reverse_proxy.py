"""nginx in front of app servers, as a clinic runs it.

``site()`` is the nginx site that docs/deployment.md shows for production (a test checks that the
two agree); ``nginx_proxy()`` runs it for a test: unprivileged, from a temporary directory, on a
free port of 127.0.0.1, in the foreground, with its logs and pid file beside its configuration.
A missing nginx is an error, never a skip: ``scripts/ensure-proxy.sh`` installs Debian's package.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .services import free_port, wait_for_port

# Debian installs nginx in /usr/sbin, which is not on a normal user's PATH.
NGINX_CANDIDATES = ("/usr/sbin/nginx",)
SERVED_BY = "x-served-by"

SITE = """\
# Telerehab behind nginx. Round robin over the app servers: any of them serves any request, and a
# live exercise stream that reconnects to another one takes its session over (no sticky sessions).
map $http_upgrade $connection_upgrade {
    default upgrade;
    ""      "";
}

upstream telerehab {
@SERVERS@
    keepalive 32;
}

server {
    listen @LISTEN@;
@TLS@

    proxy_http_version 1.1;  # keep-alive connections to the app, and the WebSocket upgrade
    proxy_set_header Host $host;
    # The app believes these from its TRUSTED_PROXIES only: the client's address for rate
    # limits, logs and the audit trail, and https for HSTS.
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    # Which app server answered (its address), to find a request in that server's log.
    add_header X-Served-By $upstream_addr always;

    location / {
        proxy_pass http://telerehab;
    }

    # The live exercise stream (a WebSocket): quiet while the patient rests between sets.
    location ~ ^/api/v1/exercise-sessions/[^/]+/stream$ {
        proxy_pass http://telerehab;
        proxy_read_timeout 10m;
        proxy_send_timeout 10m;
    }

    # A whole set of pose frames in one request (the app's MAX_FRAMES_BODY_BYTES).
    location ~ ^/api/v1/exercise-sessions/[^/]+/sets$ {
        proxy_pass http://telerehab;
        client_max_body_size 32m;
    }

    # Live updates (server-sent events): each passed on as it comes; the app pings every 15 s.
    location = /api/v1/events {
        proxy_pass http://telerehab;
        proxy_buffering off;
    }
}
"""


def site(servers: Sequence[str], listen: str, certificate: tuple[str, str] | None = None) -> str:
    """The site for app servers at ``servers`` (``host:port``), listening on ``listen``; with
    TLS from ``certificate`` (the chain's file and the key's) when given."""
    upstream = "\n".join(f"    server {address};" for address in servers)
    tls = (
        f"    ssl_certificate {certificate[0]};\n    ssl_certificate_key {certificate[1]};\n"
        if certificate
        else ""
    )
    return SITE.replace("@SERVERS@", upstream).replace("@LISTEN@", listen).replace("@TLS@\n", tls)


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (path for path in NGINX_CANDIDATES if os.access(path, os.X_OK)), None
    )
    if found is None:
        raise RuntimeError("nginx is not installed; run scripts/ensure-proxy.sh")
    return found


def _main_config(directory: Path) -> str:
    """The process around the site: foreground, one worker (one round robin, so a test knows
    where the next request goes), and every file it writes in ``directory``."""
    # As root, nginx's workers drop to an unprivileged account (which must reach directory).
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    temp_paths = "".join(
        f"    {kind}_temp_path {directory / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} warn;\n"
        "events {\n    worker_connections 256;\n}\n"
        "http {\n"
        f"    access_log {directory / 'access.log'};\n{temp_paths}"
        f"    include {directory / 'telerehab.conf'};\n"
        "}\n"
    )


@dataclass
class ReverseProxy:
    process: subprocess.Popen[bytes]
    port: int
    directory: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def logs(self) -> str:
        return "\n".join(
            (self.directory / name).read_text(errors="replace")
            for name in ("error.log", "access.log")
            if (self.directory / name).exists()
        )


def served_by(headers: Mapping[str, str]) -> int:
    """The port of the app server that answered (from the site's ``X-Served-By``)."""
    address = headers.get(SERVED_BY)
    assert address, f"no {SERVED_BY} header: the answer did not come through the proxy"
    return int(address.rsplit(":", 1)[1])


@contextmanager
def nginx_proxy(app_ports: Sequence[int], ready_timeout: float = 10) -> Iterator[ReverseProxy]:
    """nginx balancing over the app servers on ``app_ports`` of 127.0.0.1; stopped and its
    directory removed afterwards."""
    binary = nginx_binary()
    directory = Path(tempfile.mkdtemp(prefix="telerehab-nginx-"))
    try:
        directory.chmod(0o755)  # nginx's workers run as nobody when the test runs as root
        port = free_port()
        servers = [f"127.0.0.1:{app_port}" for app_port in app_ports]
        (directory / "telerehab.conf").write_text(site(servers, f"127.0.0.1:{port}"))
        (directory / "nginx.conf").write_text(_main_config(directory))
        command = [binary, "-p", str(directory), "-c", str(directory / "nginx.conf")]
        # -e: the error log before the configuration is read (not the system's /var/log).
        process = subprocess.Popen(
            [*command, "-e", str(directory / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        proxy = ReverseProxy(process, port, directory)
        try:
            try:  # a connection, no request: the round robin starts untouched
                wait_for_port(port, ready_timeout, process)
            except (RuntimeError, TimeoutError) as error:
                raise RuntimeError(f"nginx did not start: {error}\n{proxy.logs()}") from None
            yield proxy
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # a fast stop: open streams are cut
                process.wait(timeout=10)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
