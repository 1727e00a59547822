"""Small request helpers shared by views, API and signal handlers."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address as django-axes sees it (same proxy settings), or None without a request."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request) or None
    except Exception:  # a malformed header must never break a login or a log entry
        return request.META.get("REMOTE_ADDR") or None
