"""The security log: one function writes it (logins, second factors, tokens, memberships, moderation).

Its own module because every sub-domain writes to it, also the people's services that the membership
services build on; reading it is :func:`exchange.membership.selectors.audit_event_list`.
"""

from __future__ import annotations

from typing import Any

from ..models import AuditEvent, Organisation, User


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
