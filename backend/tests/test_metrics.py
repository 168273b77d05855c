"""Prometheus metrics: per-route counts and latencies and the pool, only for the scraper."""

from fastapi.testclient import TestClient

from telerehab.config import Settings
from telerehab.main import create_app

from .factories import Clinic


def test_metrics_need_the_token_and_count_requests(settings: Settings, clinic: Clinic) -> None:
    app = create_app(settings.model_copy(update={"metrics_token": "scrape-" + "t" * 30}))
    with TestClient(app) as client:
        for _ in range(3):
            client.get(
                f"/api/v1/patients/{clinic.patient_a1.id}", headers=clinic.headers(clinic.doctor_a)
            )
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        scraped = client.get("/metrics", headers={"Authorization": "Bearer scrape-" + "t" * 30})
    assert scraped.status_code == 200
    text = scraped.text
    counted = [
        line
        for line in text.splitlines()
        if line.startswith("telerehab_http_requests_total")
        and 'handler="/api/v1/patients/{patient_id}"' in line
    ]
    assert counted and counted[0].endswith(" 3.0")
    assert "telerehab_http_request_duration_seconds_bucket" in text
    if settings.database_url.startswith("postgresql"):
        assert "telerehab_db_pool_checked_out{" in text


def test_metrics_do_not_exist_without_a_token(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404
