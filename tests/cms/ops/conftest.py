"""Fixtures of the operations tests."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings


class JsonLines(io.StringIO):
    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.getvalue().splitlines() if line.strip()]


@pytest.fixture
def json_log():
    """The configured console handler (its filters from settings.LOGGING) with the JSON formatter of
    settings.LOGGING, writing into a buffer: what production writes, readable by the test."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    formatter = logging.config.DictConfigurator({}).configure_formatter(
        dict(settings.LOGGING["formatters"]["json"])  # a copy: the configurator pops "()"
    )
    buffer = JsonLines()
    previous_formatter, previous_stream = handler.formatter, handler.setStream(buffer)
    handler.setFormatter(formatter)
    yield buffer
    handler.setFormatter(previous_formatter)
    handler.setStream(previous_stream)
