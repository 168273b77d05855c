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

.PHONY: help deps run test test-sqlite test-postgres lint format services clean openapi

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

# A random secret, written once; never committed (.gitignore).
.env:
	@$(PYTHON) -c 'import secrets; print("SECRET_KEY=" + secrets.token_urlsafe(48))' > .env
	@echo "Wrote a new SECRET_KEY to .env"

run: deps .env
	$(BIN)/telerehab migrate
	$(BIN)/telerehab seed-demo --if-empty
	@$(BIN)/telerehab demo-logins
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl-C stops)"
	$(BIN)/telerehab serve --host $(HOST) --port $(PORT)

services:
	bash scripts/ensure-services.sh postgres redis

lint: deps
	cd backend && .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

test-sqlite: deps
	cd backend && .venv/bin/pytest -n $(PYTEST_WORKERS) --db sqlite

test-postgres: deps services
	cd backend && .venv/bin/pytest -n $(PYTEST_WORKERS) --db postgresql -m db

test: lint test-sqlite test-postgres

# The OpenAPI document the web app's client is generated from; a test fails when it is stale.
openapi: deps
	cd backend && .venv/bin/telerehab openapi --output ../docs/openapi.json

format: deps
	cd backend && .venv/bin/ruff format . && .venv/bin/ruff check --fix .

clean:
	rm -rf $(TOOLS) $(VENV) backend/.pytest_cache backend/.mypy_cache backend/.ruff_cache
