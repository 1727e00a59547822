"""API authentication: Wagtail's bearer tokens, with their use written to the audit log."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from wagtail.api.v3.auth import BearerTokenAuth

from ..http import client_ip
from ..membership.audit import audit_record
from ..models import AuditEvent


class AuditedBearerTokenAuth(BearerTokenAuth):
    """Like Wagtail's, plus an audit entry whenever ``last_used_at`` is refreshed (at most once per
    WAGTAILAPI_TOKEN_LAST_USED_INTERVAL seconds per token, so the log is not flooded)."""

    def authenticate(self, request, token: str):
        api_token = super().authenticate(request, token)
        if api_token is not None and getattr(api_token, "_audit_due", False):
            audit_record(
                kind=AuditEvent.Kind.TOKEN_USED,
                actor=api_token.user,
                subject=api_token.user,
                ip_address=client_ip(request),
                detail={"token_id": api_token.pk, "prefix": api_token.prefix},
            )
        return api_token

    def _touch_last_used(self, api_token) -> None:
        interval = getattr(settings, "WAGTAILAPI_TOKEN_LAST_USED_INTERVAL", 60)
        # Decided on the token object of this request (the auth instance is shared between threads).
        api_token._audit_due = api_token.last_used_at is None or (
            interval is not None and (timezone.now() - api_token.last_used_at).total_seconds() >= interval
        )
        super()._touch_last_used(api_token)
