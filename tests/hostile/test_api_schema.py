"""Schemathesis against /api/openapi.json through the WSGI app, as an authenticated member.

Every operation of the schema gets generated requests (valid and invalid); none may answer 5xx,
and every answer must match the schema (status code, content type, body). New endpoints of the
other apps are covered automatically once they are in the schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cms.wsgi import application

pytestmark = pytest.mark.django_db


# Loaded at collection (the schema endpoint needs no database). schemathesis' lazy fixture loader
# does not work with pytest 9 yet (it reads the removed ``Function._nodeid``).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def keep_test_connection():
    # The real WSGI handler closes the database connection after each request (request_finished);
    # inside the test's transaction that would lose it. Django's own test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def bearer(partner, member):
    """A partner contact's personal token (partner contacts reach the most operations)."""
    from exchange.people.services import api_token_create

    _, plaintext = api_token_create(user=partner, name="schemathesis")
    return {"Authorization": f"Bearer {plaintext}"}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_within_its_schema_and_never_5xx(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
