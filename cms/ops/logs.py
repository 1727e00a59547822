"""Log lines as JSON (python-json-logger) with the request id (django-guid), without personal data.

Every handler of ``settings.LOGGING`` gets two filters: django-guid's ``CorrelationId`` (the id of
the request, or of the Celery task a request enqueued; field ``request_id``) and
:class:`PersonalDataFilter`. The rules, because a log line outlives the data it describes:

- e-mail addresses in a message become ``[E-Mail]``;
- an exception is logged with its type and stack, never with its message (messages quote input:
  ``Key (email)=(…)``, a post's text, a file name);
- Django's ``request`` and Celery's ``data`` (task arguments, with e.g. invitation tokens) are not
  written; Celery's "Task … raised" line names the exception type only;
- URLs are never logged with their values: :mod:`cms.ops.middleware` logs the route pattern.
"""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType
from typing import Any

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_MASK = "[E-Mail]"
DROPPED_EXTRAS = ("request", "data", "args_repr")


def mask(text: str) -> str:
    return EMAIL.sub(EMAIL_MASK, text)


def exception_without_message(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
) -> str:
    """The stack of an exception and of its causes, each ending in its type only."""
    parts: list[str] = []
    exc: BaseException | None = exc_info[1]
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        frames = "".join(traceback.format_tb(exc.__traceback__))
        parts.insert(
            0, f"Traceback (most recent call last):\n{frames}{type(exc).__module__}.{type(exc).__qualname__}"
        )
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return "\n\nThe above exception led to:\n\n".join(parts)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "celery.app.trace" and isinstance(record.args, dict) and "exc" in record.args:
            # Celery puts repr(exception) there, message and all; its type is in exc_info
            kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else "-"
            record.args = {**record.args, "exc": kind}
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg, record.args = mask(message), None
        record.exc_text = None  # another handler's formatter may have cached the message with it
        for name in DROPPED_EXTRAS:
            if name in record.__dict__:
                delattr(record, name)
        return True


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per line: time, level, logger, message, request_id, and any safe extras."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        super().__init__(*args, **kwargs)

    def formatException(self, ei: Any) -> str:
        return exception_without_message(ei) if ei and ei[1] is not None else ""

    def formatStack(self, stack_info: str) -> str:
        return stack_info


class PlainFormatter(logging.Formatter):
    """The readable format for a developer's console, with the same exception rule."""

    def formatException(self, ei: Any) -> str:
        return exception_without_message(ei) if ei and ei[1] is not None else ""
