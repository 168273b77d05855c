# Telerehab: `make run` serves the demo clinic, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := backend/.venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2
export UV_PYTHON_DOWNLOADS := never

.PHONY: help deps web run serve-prod test test-sqlite test-postgres test-web test-e2e lint format services browser fonts proxy clean openapi client

help:
	@echo "make run    serve the product on SQLite with a demo clinic (http://$(HOST):$(PORT))"
	@echo "make test   lint, then every test on SQLite and on PostgreSQL"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The virtual environment holds exactly what the lock file pins.
$(VENV)/.synced: backend/uv.lock backend/pyproject.toml | $(UV)
	cd backend && ../$(UV) sync --frozen --quiet
	touch $@

deps: $(VENV)/.synced

# The web app: installed from its lock file and built into frontend/dist, which the API serves.
frontend/node_modules/.installed: frontend/package-lock.json frontend/package.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

# Rebuilt only when one of its sources changed since the last build (the stamp is written after a
# build that succeeded; the copied models in public/models are the build's own output).
WEB_SOURCES := $(shell find frontend/src frontend/public frontend/scripts -type f \
	-not -path 'frontend/public/models/*' 2>/dev/null) \
	$(wildcard frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json frontend/eslint.config.js)
WEB_STAMP := frontend/dist/.built

$(WEB_STAMP): frontend/node_modules/.installed $(WEB_SOURCES)
	cd frontend && npm run build
	touch $@

web: $(WEB_STAMP)

# A random secret, written once; never committed (.gitignore).
.env:
	@$(PYTHON) -c 'import secrets; print("SECRET_KEY=" + secrets.token_urlsafe(48))' > .env
	@echo "Wrote a new SECRET_KEY to .env"

# seed-demo prints the demo logins (also when the demo clinic is already there). The console log
# is plain lines for a person; JSON stays the default everywhere else.
run: deps web .env
	$(BIN)/telerehab migrate
	$(BIN)/telerehab seed-demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl-C stops)"
	LOG_JSON=false $(BIN)/telerehab serve --host $(HOST) --port $(PORT)

# Production on one machine: PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) from the environment,
# several workers sharing rate limits through Redis; see docs/deployment.md.
WORKERS ?= 4
serve-prod: deps web
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to a PostgreSQL URL (docs/deployment.md)"; exit 2; }
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL so the workers share rate limits"; exit 2; }
	$(BIN)/telerehab migrate
	rm -rf var/metrics && mkdir -p var/metrics
	PROMETHEUS_MULTIPROC_DIR=$(CURDIR)/var/metrics $(BIN)/telerehab serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

services:
	bash scripts/ensure-services.sh postgres redis

# The fonts the PDFs draw any patient's name with (Debian packages; scripts/ensure-fonts.sh).
fonts:
	bash scripts/ensure-fonts.sh

# nginx, which the scale-out test runs in front of two servers (Debian's package; scripts/ensure-proxy.sh).
proxy:
	bash scripts/ensure-proxy.sh

lint: deps
	cd backend && .venv/bin/ruff check . ../bench ../e2e && .venv/bin/ruff format --check . ../bench ../e2e && .venv/bin/mypy

# The SQLite pass needs Redis too: the rate-limit tests start a redis-server of their own.
test-sqlite: deps services fonts
	cd backend && .venv/bin/pytest -n $(PYTEST_WORKERS) --db sqlite

# Its scale-out test runs two servers behind nginx (tests/test_scale_out.py).
test-postgres: deps services fonts proxy
	cd backend && .venv/bin/pytest -n $(PYTEST_WORKERS) --db postgresql -m db

browser:
	bash scripts/ensure-browser.sh

test-web: frontend/node_modules/.installed
	cd frontend && npm run lint && npm run typecheck && npm test

# End-to-end: the built app on a real server, driven in Debian's Chromium by Playwright.
test-e2e: deps web browser fonts
	cd backend && .venv/bin/pytest ../e2e -p no:randomly

test: lint test-sqlite test-postgres test-web test-e2e

# The OpenAPI document and the web app's client generated from it; tests fail when stale.
openapi: deps
	cd backend && .venv/bin/telerehab openapi --output ../docs/openapi.json

client: openapi frontend/node_modules/.installed
	cd frontend && npm run client

format: deps
	cd backend && .venv/bin/ruff format . ../bench ../e2e && .venv/bin/ruff check --fix . ../bench ../e2e

clean:
	rm -rf $(TOOLS) $(VENV) backend/.pytest_cache backend/.mypy_cache backend/.ruff_cache
