"""Error reports to Sentry (the official sentry-sdk, Django and Celery integrations), only when
``SENTRY_DSN`` is set; without it the SDK is never initialised and nothing leaves the process.

The SDK collects nothing that can name a person (``data_collection``: no user, cookies, headers,
bodies, query strings, SQL parameters, task arguments, frame variables), and ``before_send`` cuts
down what is left before anything is sent: the request to method and URL path, no exception
messages (they quote input), e-mail addresses anywhere become ``[E-Mail]``. What remains: the
exception's type and stack, the route, the request id (tag ``request_id``, the id of the JSON log
lines, from django-guid: of the request, or of the request that enqueued the task).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import sentry_sdk
from django_guid import get_guid
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
    event.setdefault("tags", {})["request_id"] = get_guid() or "-"
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
        # sentry-sdk 2.75 deprecates send_default_pii=False in favour of this option: every category
        # that can name a person is off (stricter than send_default_pii=False, which still sends
        # query strings and request bodies).
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "off"}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "graphql": {"document": False, "variables": False},
            "gen_ai": {"inputs": False, "outputs": False},
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=0.0,
        before_send=scrub,
        before_breadcrumb=scrub_breadcrumb,
        **options,
    )
