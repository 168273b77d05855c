"""Prometheus metrics: request counts and latency histograms per route, and the database pool.

Served at ``/metrics`` only to a scraper that presents ``METRICS_TOKEN`` as a bearer token; with
no token configured the endpoint does not exist (404). With several workers, set
``PROMETHEUS_MULTIPROC_DIR`` so that the workers' counters are added up.
"""

import os
import secrets
from collections.abc import Iterator

from fastapi import FastAPI, Request, Response
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from prometheus_fastapi_instrumentator import Instrumentator
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool

from telerehab.config import Settings
from telerehab.errors import NotFound, Unauthorized

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class PoolCollector(Collector):
    """The connection pool as it is at scrape time (of the worker that answers the scrape)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        pool = self.engine.pool
        if not isinstance(pool, QueuePool):
            return
        pid = str(os.getpid())
        for name, value, help_text in [
            ("telerehab_db_pool_size", pool.size(), "Configured pool size."),
            ("telerehab_db_pool_checked_out", pool.checkedout(), "Connections in use."),
            ("telerehab_db_pool_overflow", pool.overflow(), "Connections over the pool size."),
        ]:
            family = GaugeMetricFamily(name, help_text, labels=["pid"])
            family.add_metric([pid], value)
            yield family


def install_metrics(app: FastAPI, settings: Settings, engine: Engine) -> None:
    registry = CollectorRegistry()
    Instrumentator(
        registry=registry,
        should_group_status_codes=False,
        excluded_handlers=["/metrics", "/healthz", "/readyz"],
    ).instrument(app, metric_namespace="telerehab")
    registry.register(PoolCollector(engine))

    @app.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        if not settings.metrics_token:
            raise NotFound("Not Found")
        presented = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not secrets.compare_digest(presented.encode(), settings.metrics_token.encode()):
            raise Unauthorized("Send the metrics token as a bearer token.")
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
            combined = CollectorRegistry()
            multiprocess.MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
            combined.register(PoolCollector(engine))
            return Response(generate_latest(combined), media_type=CONTENT_TYPE)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE)
