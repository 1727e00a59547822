# Two commands for a newcomer: `make run` and `make test`. Everything else is their plumbing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

# uv from PATH, else a private copy installed from PyPI into .tools/
UV_ON_PATH := $(shell command -v uv 2>/dev/null)
UV := $(if $(UV_ON_PATH),$(UV_ON_PATH),.tools/bin/uv)
MANAGE := $(UV) run --frozen python manage.py

.PHONY: help install run test lint chromium migrate bench-search bench-load
help:
	@echo "make run   - install, migrate, load demo content, start the embedded search server, serve on 127.0.0.1:$(PORT)"
	@echo "make test  - install (with Chromium for browser tests) and run lint and the whole test suite"

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.9,<1"

install: | $(UV)
	$(UV) sync --frozen

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --noinput

# serve starts the embedded search server first, so the demo content is indexed as it is written
run: migrate
	PORT=$(PORT) $(MANAGE) serve --demo

# Chromium comes from Debian (Playwright drives the system browser; no browser download).
chromium:
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; \
	else echo "Chromium missing and no root: browser tests will be skipped (install it with: apt-get install chromium)"; fi

lint: install
	$(UV) lock --check
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen ruff check .
	$(UV) run --frozen mypy

test: install chromium lint
	$(UV) run --frozen pytest --durations=25

# Search benchmark (bench/README.md): own database <name>_bench and own osmem; SCALE=0.1 for a quick run
bench-search: install
	$(UV) sync --frozen --group bench
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sicherimdienst}" \
	CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/2}" \
	$(UV) run --frozen --group bench python bench/search_bench.py --scale $(or $(SCALE),1)

# Load test (bench/README.md): gunicorn + PostgreSQL (db sid_load) + Redis db 8 + a Celery worker +
# osmem on 127.0.0.1, bounded locust run with baselines; DURATION=60 USERS=50 by default. Locust is in
# the `bench` dependency group, which `make test` does not install.
bench-load: install
	$(UV) sync --frozen --group bench
	$(UV) run --frozen --group bench python bench/load.py --duration $(or $(DURATION),60) --users $(or $(USERS),50)
