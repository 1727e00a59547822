"""Helpers every service module shares: text checks, the audit log, e-mail after commit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import AuditEvent, Organisation, User

MAX_TITLE = 200
MAX_BODY = 20_000
MAX_REASON = 2_000
MAX_TOKEN_NAME = 100
MAX_TOKENS = 10


def _clean_text(value: str, *, field: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: "Dieses Feld darf nicht leer sein."})
    if len(value) > max_length:
        raise ValidationError({field: f"Höchstens {max_length} Zeichen."})
    return value


# --- Audit log --------------------------------------------------------------------------------


def audit_record(
    *,
    kind: str,
    actor: User | None = None,
    subject: User | None = None,
    organisation: Organisation | None = None,
    ip_address: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record a security-relevant event. Callers pass no secrets: never passwords, never tokens."""
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        subject=subject if subject is not None and subject.pk else None,
        organisation=organisation,
        ip_address=ip_address or None,
        detail=detail or {},
    )


def _notify(task_name: str, *args: Any) -> None:
    """Queue an e-mail task after the surrounding transaction commits (never inside the request)."""
    from .. import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(*args), robust=True)
