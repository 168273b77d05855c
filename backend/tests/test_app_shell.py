"""The app shell: settings that refuse to start, probes, problem+json, request ids."""

import gc
import json
import logging
import re
import secrets
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from telerehab.config import ConfigurationError, Settings, load_settings
from telerehab.main import create_app


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "SECRET_KEY is not set"),
        ("short-key", "at least 32 characters"),
        ("a" * 40, "at least 32 characters"),
    ],
)
def test_refuses_to_start_without_a_proper_secret_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, value: str | None, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env file to fall back on
    monkeypatch.delenv("SECRET_KEY", raising=False)
    if value is not None:
        monkeypatch.setenv("SECRET_KEY", value)
    with pytest.raises(ConfigurationError) as refused:
        load_settings()
    message = str(refused.value)
    assert reason in message
    assert "\n" not in message and "Traceback" not in message


def test_accepts_a_random_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    key = secrets.token_urlsafe(48)
    monkeypatch.setenv("SECRET_KEY", key)
    assert load_settings().secret_key == key


def test_health_and_readiness(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").json() == {"status": "ok", "database": None}
        ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok"}


def test_what_the_worker_built_before_serving_is_left_out_of_full_collections(
    settings: Settings,
) -> None:
    # A full collection over the startup heap stopped every live stream for 0.2-0.3 s.
    gc.unfreeze()
    with TestClient(create_app(settings)):
        frozen = gc.get_freeze_count()
    assert frozen > 10_000, "the objects built before serving are frozen while it serves"
    assert gc.get_freeze_count() == 0, "and handed back to the collector when it stops"


@pytest.mark.parametrize(
    "unreachable_url",
    ["postgresql+psycopg://postgres@127.0.0.1:9/telerehab", "sqlite:////no/such/dir/t.db"],
)
def test_readyz_answers_503_when_the_database_is_unreachable(unreachable_url: str) -> None:
    settings = Settings(
        database_url=unreachable_url,
        secret_key=secrets.token_urlsafe(48),
        db_connect_timeout_seconds=1,
    )
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
        assert client.get("/healthz").status_code == 200  # alive, just not ready
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 503 and body["title"] == "Service unavailable"
    assert "psycopg" not in response.text and "sqlite3" not in response.text


def test_unknown_url_is_problem_json(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        response = client.get("/api/v1/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert set(response.json()) >= {"type", "title", "status", "detail"}


def test_every_request_gets_an_id_and_one_log_line(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.INFO, logger="telerehab.access"),
        TestClient(create_app(settings)) as client,
    ):
        response = client.get("/healthz", headers={"X-Request-ID": "abc123-def456"})
        generated = client.get("/healthz").headers["x-request-id"]
    assert response.headers["x-request-id"] == "abc123-def456"
    assert len(generated) == 32
    access_lines = [r for r in caplog.records if r.name == "telerehab.access"]
    assert len(access_lines) == 2
    event = access_lines[0].msg
    payload = event if isinstance(event, dict) else json.loads(str(event))
    assert payload["path"] == "/healthz" and payload["status"] == 200


def test_the_web_app_is_served_with_deep_links_and_api_404s(
    settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<html>the app</html>")
    (tmp_path / "assets" / "app.js").write_text("console.log(1)")
    app = create_app(settings.model_copy(update={"web_app_dir": tmp_path}))
    with TestClient(app) as client:
        assert client.get("/").text == "<html>the app</html>"
        assert client.get("/patients/12/sessions").text == "<html>the app</html>"
        assert client.get("/assets/app.js").text == "console.log(1)"
        assert client.get("/assets/missing.js").status_code == 404
        api = client.get("/api/v1/unknown")
        wrong_method = client.put("/api/v1/audit")
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"
    assert wrong_method.status_code == 405
    page = client.get("/")
    assert "script-src 'self' 'wasm-unsafe-eval'" in page.headers["content-security-policy"]


def test_without_a_built_web_app_only_the_api_is_served(settings: Settings, tmp_path: Path) -> None:
    app = create_app(settings.model_copy(update={"web_app_dir": tmp_path / "missing"}))
    with TestClient(app) as client:
        assert client.get("/").status_code == 404
        assert client.get("/healthz").status_code == 200


@pytest.mark.db
@pytest.mark.postgres_only
def test_a_runaway_statement_is_cancelled_and_the_request_answers_503(
    settings: Settings,
) -> None:
    app = create_app(settings.model_copy(update={"db_statement_timeout_seconds": 0.2}))
    with TestClient(app) as client:
        engine = app.state.engine
        with (
            pytest.raises(OperationalError, match="statement timeout"),
            engine.connect() as connection,
        ):
            connection.execute(text("SELECT pg_sleep(2)"))

        @app.get("/api/test-slow")
        def slow() -> None:  # stands in for a query on a table grown past its index
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_sleep(2)"))

        started = time.monotonic()
        response = client.get("/api/test-slow")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "pg_sleep" not in response.text and "psycopg" not in response.text
    assert elapsed < 1.5  # cancelled at 0.2 s, not after the statement's 2 s


def test_the_console_log_of_make_run_is_one_plain_line_per_request(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    assert settings.log_json is False  # what `make run` sets; JSON stays the default
    assert Settings.model_fields["log_json"].default is True
    with (
        caplog.at_level(logging.INFO, logger="telerehab.access"),
        TestClient(create_app(settings)) as client,
    ):
        client.get("/healthz")
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "telerehab")
    [line] = [console.format(r) for r in caplog.records if r.name == "telerehab.access"]
    assert re.fullmatch(r"\d\d:\d\d:\d\d  GET /healthz 200  [\d.]+ ms", line), line


def test_make_run_prints_the_demo_logins_once_and_logs_for_a_person() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    # seed-demo prints the logins itself (tests/test_cli.py): no second command repeats them.
    assert "seed-demo --if-empty" in recipe and "demo-logins" not in recipe
    assert "LOG_JSON=false $(BIN)/telerehab serve" in recipe
