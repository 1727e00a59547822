"""Small request helpers shared by views, API and signal handlers."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.http import HttpRequest

from .models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind ``login_required`` or ``member_required``: ``user`` is a person
    (for the type checker; the decorators make it so at run time)."""

    user: User  # type: ignore[assignment]


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address as django-axes sees it (same proxy settings), or None without a request."""
    if request is None:
        return None
    try:
        return get_client_ip_address(request) or None
    except Exception:  # a malformed header must never break a login or a log entry
        return request.META.get("REMOTE_ADDR") or None
