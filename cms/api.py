"""The JSON API under /api/ (django-ninja), its authentication and the health endpoint."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status
from ninja.errors import ValidationError as InputError
from ninja.security import SessionAuth

from cms.ops.health import Finding, outbox_check, tasks_check
from exchange.api import memberships_router
from exchange.api import router as exchange_router
from exchange.auth import AuditedBearerTokenAuth
from exchange.forum_api import router as forum_router
from search.api import router as search_router

api = NinjaAPI(
    title="#sicherimDienst Wissensaustausch API",
    version="1",
    description=(
        "Geschützte Schnittstelle des Mitgliederbereichs. Anmeldung per Sitzung (mit CSRF-Token) oder "
        "persönlichem Token: `Authorization: Bearer <token>`."
    ),
    auth=[AuditedBearerTokenAuth(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(InputError)
def invalid_input(request, exc: InputError):
    """Bad input is a 400 with a readable message (the documented ``{"detail": str}``), not
    django-ninja's undocumented 422 with a list."""
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error.get('loc', ())[1:]) or '-'}: {error.get('msg', '')}"
        for error in exc.errors
    )
    return api.create_response(request, {"detail": _("Ungültige Eingabe: %s") % problems}, status=400)


class Check(Schema):
    ok: bool
    detail: str


class HealthOut(Schema):
    status: str
    database: Check
    broker: Check
    search: Check
    outbox: Check  # cms/ops/health.py: rows older than OPS_OUTBOX_STALE_MINUTES
    tasks: Check  # failed Celery tasks within OPS_TASK_FAILURE_HOURS


def _check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check(ok=True, detail=connection.vendor)
    except Exception as exc:
        connection.close_if_unusable_or_obsolete()  # the next check connects afresh
        return Check(ok=False, detail=type(exc).__name__)


def _check_broker() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Check(ok=True, detail="eager (kein Broker konfiguriert)")
    from cms.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
        return Check(ok=True, detail="erreichbar")
    except Exception as exc:
        return Check(ok=False, detail=type(exc).__name__)


def _check_ops(check) -> Check:
    """A finding of cms/ops/health.py; it needs the database, so without one it is not ok."""
    try:
        finding: Finding = check()
    except Exception as exc:
        connection.close_if_unusable_or_obsolete()
        return Check(ok=False, detail=type(exc).__name__)
    return Check(ok=finding.ok, detail=finding.detail)


def _check_search() -> Check:
    from search.services import ping

    return Check(ok=True, detail="erreichbar") if ping() else Check(ok=False, detail="nicht erreichbar")


@api.get(
    "/health",
    auth=None,
    response={200: HealthOut, 503: HealthOut},
    tags=["Betrieb"],
    summary="Erreichbarkeit von Datenbank, Broker und Suche; Warteschlangen und Aufgabenfehler",
)
def health(request):
    """503 only when the database is unreachable (nothing works then); a missing broker or search
    server, an outbox that stopped draining and failed tasks are reported as ``degraded`` with 200,
    because pages and writes keep working (the outbox keeps every change until they return)."""
    db, broker, search = _check_database(), _check_broker(), _check_search()
    outbox, tasks = _check_ops(outbox_check), _check_ops(tasks_check)
    healthy = db.ok and broker.ok and search.ok and outbox.ok and tasks.ok
    status = "ok" if healthy else ("degraded" if db.ok else "down")
    body = HealthOut(status=status, database=db, broker=broker, search=search, outbox=outbox, tasks=tasks)
    return Status(200 if db.ok else 503, body)


api.add_router("/", exchange_router)
api.add_router("/memberships", memberships_router)
api.add_router("/forum", forum_router)
api.add_router("/search", search_router)
