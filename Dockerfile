# syntax=docker/dockerfile:1
#
# One image for the web server (default CMD), the Celery worker and Celery beat:
#   web:    (default)                     gunicorn on 0.0.0.0:8000
#   worker: celery -A cms worker -l info
#   beat:   celery -A cms beat -l info --schedule /tmp/celerybeat-schedule
# Migrations are not run by the image; docker-compose.yml runs them in a one-shot `migrate` service.
#
# Runtime configuration comes from environment variables read by cms/settings.py
# (DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL, ELASTICSEARCH_URL, ...).
# The number of gunicorn workers follows WEB_CONCURRENCY (gunicorn's own variable, default below);
# gunicorn.conf.py (read from /app) replaces the access log by the application's JSON request log.

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    VIRTUAL_ENV=/app/.venv \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=cms.settings \
    WEB_CONCURRENCY=3

# pg_dump/pg_restore for `manage.py backup` and `restore` (django-dbbackup): the client's major
# version must match the server's (docker-compose.yml: postgres:16). Debian bookworm ships 15, so the
# client comes from the PostgreSQL project's apt repository (postgresql-common sets it up with the
# key it ships).
ARG POSTGRES_CLIENT_MAJOR=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-common \
    && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
    && apt-get install -y --no-install-recommends "postgresql-client-${POSTGRES_CLIENT_MAJOR}" \
    && rm -rf /var/lib/apt/lists/*

RUN pip install "uv>=0.13" \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first (own layer, rebuilt only when the lock file changes). The project itself is
# not a package (tool.uv.package = false), so only the locked dependencies are installed.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

# The code stays owned by root (read-only for the app user).
COPY . .

# collectstatic with DEBUG off (whitenoise's CompressedManifestStaticFilesStorage). The settings
# refuse to load with DEBUG off unless SECRET_KEY and ALLOWED_HOSTS are set, so this line alone gets
# throw-away build values; they are not baked into the image (no ENV/ARG) and nothing is signed
# during collectstatic.
RUN DEBUG=false \
    SECRET_KEY=build-only-collectstatic-placeholder-not-a-secret-0123456789abcdef \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/private/forum /app/var/backups \
    && chown app:app /app/var /app/var/media /app/var/private /app/var/private/forum /app/var/backups

USER app:app

EXPOSE 8000

# /api/health answers 200 while the database is reachable (503 otherwise). The request names the
# first ALLOWED_HOSTS entry as Host (otherwise Django answers 400) and X-Forwarded-Proto: https
# (SECURE_PROXY_SSL_HEADER), so SECURE_SSL_REDIRECT does not turn it into a redirect. curl is not
# part of the slim image, hence Python.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r.urlopen(r.Request('http://127.0.0.1:8000/api/health', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=8)"]

CMD ["gunicorn", "cms.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--worker-tmp-dir", "/dev/shm"]
