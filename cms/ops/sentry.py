"""Error reports to Sentry (the official sentry-sdk, Django and Celery integrations), only when
``SENTRY_DSN`` is set; without it the SDK is never initialised and nothing leaves the process.

What an event may carry is cut down before it is sent (``before_send``): no request body (never
read: ``max_request_body_size="never"``), no query string (search words), no cookies, no headers,
no user, no local variables of the stack frames, no exception messages (they quote input), no
arguments of Celery tasks; e-mail addresses left anywhere become ``[E-Mail]``. What remains: the
exception's type and stack, the route, the request id (tag ``transaction_id`` from django-guid).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration
from sentry_sdk.transport import Transport

from .logs import mask

if TYPE_CHECKING:
    from sentry_sdk._types import Breadcrumb, BreadcrumbHint, Event, Hint

REMOVED = "[entfernt]"


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item) for item in value]
    return value


def scrub(event: Event, hint: Hint | None = None) -> Event:
    """``before_send``: keep what locates a fault, drop what could name a person."""
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {
            "method": request.get("method"),
            "url": str(request.get("url", "")).split("?", 1)[0],
        }
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = REMOVED
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
    job = (event.get("extra") or {}).get("celery-job")
    if isinstance(job, dict):
        job.pop("args", None)
        job.pop("kwargs", None)
    return cast("Event", _masked(event))


def scrub_breadcrumb(crumb: Breadcrumb, hint: BreadcrumbHint | None = None) -> Breadcrumb:
    crumb.pop("data", None)  # SQL parameters, URLs with queries
    return cast("Breadcrumb", _masked(crumb))


def sentry_init(
    *, dsn: str, environment: str, release: str = "", transport: type[Transport] | None = None
) -> None:
    """Called by the settings when SENTRY_DSN is set (and by the test with a capturing transport)."""
    options: dict[str, Any] = {}
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration(), LoggingIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=0.0,
        before_send=scrub,
        before_breadcrumb=scrub_breadcrumb,
        **options,
    )
