"""Security headers on every response, CORS only for configured origins, a body size limit."""

from fastapi.testclient import TestClient

from telerehab.config import Settings
from telerehab.main import create_app


def test_security_headers_on_api_and_error_responses(client: TestClient) -> None:
    for response in (
        client.get("/healthz"),
        client.get("/api/v1/users/me"),
        client.get("/api/v1/nothing-here"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert "strict-transport-security" not in response.headers  # plain http here


def test_hsts_only_over_https(settings: Settings) -> None:
    with TestClient(create_app(settings), base_url="https://clinic.example") as client:
        response = client.get("/healthz")
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_cors_allows_only_configured_origins(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"cors_origins": ["https://app.clinic.example"]}))
    with TestClient(app) as client:
        good = client.options(
            "/api/v1/users/me",
            headers={
                "Origin": "https://app.clinic.example",
                "Access-Control-Request-Method": "GET",
            },
        )
        evil = client.options(
            "/api/v1/users/me",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
    assert good.headers["access-control-allow-origin"] == "https://app.clinic.example"
    assert "access-control-allow-origin" not in evil.headers


def test_oversized_bodies_are_refused(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"max_request_body_bytes": 2048}))
    with TestClient(app) as client:
        declared = client.post(
            "/api/v1/auth/register",
            content=b"x" * 4096,
            headers={"content-type": "application/json"},
        )

        def chunks():  # no Content-Length: the limit must count streamed bytes
            for _ in range(8):
                yield b"y" * 1024

        streamed = client.post(
            "/api/v1/auth/register", content=chunks(), headers={"content-type": "application/json"}
        )
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"


def test_internal_errors_do_not_leak_details(settings: Settings) -> None:
    app = create_app(settings)

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret table users_pkey exploded at /srv/app.py line 3")

    app.router.routes.insert(0, app.router.routes.pop())  # before the web app's catch-all

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert "users_pkey" not in response.text and "Traceback" not in response.text
    assert response.json()["title"] == "Internal server error"


def test_a_trusted_proxy_forwards_the_scheme_and_the_client(settings: Settings) -> None:
    behind_proxy = settings.model_copy(update={"trusted_proxies": ["10.0.0.0/8"]})
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9, 10.0.0.7"}
    with TestClient(create_app(behind_proxy), client=("10.0.0.2", 41000)) as client:
        response = client.get("/healthz", headers=forwarded)
    # HTTPS ended at the proxy: the browser must still be told to keep to HTTPS.
    assert response.headers["strict-transport-security"].startswith("max-age=")
    with TestClient(create_app(behind_proxy), client=("192.0.2.1", 41000)) as client:
        forged = client.get("/healthz", headers=forwarded)
    assert "strict-transport-security" not in forged.headers  # not from a trusted proxy
