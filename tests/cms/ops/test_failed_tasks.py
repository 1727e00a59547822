"""A request enqueues a task, the worker (another thread, like another process: it shares only Redis
and the database) runs it and it fails because the mail server refuses: the task's log line carries
the request's id, the failure is recorded in the database, /api/health and /metrics report it."""

from __future__ import annotations

import socket
import uuid

import pytest

from cms.ops.models import TaskFailure
from tests.cms.ops.content import membership_requested
from tests.factories import OrganisationFactory, UserFactory, member_create
from tests.queue import NEEDS_REDIS, queue_drained, wait_for

pytestmark = [*NEEDS_REDIS, pytest.mark.usefixtures("no_mfa")]

TOKEN = "metrics-token-for-the-test-0123456789"


def closed_port() -> int:
    """A local port nobody listens on: the mail server is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mail_server_down(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2


def test_failed_task_is_logged_with_the_request_id_and_reported(client, queue_worker, settings, json_log):
    settings.METRICS_TOKEN = TOKEN
    bonn = OrganisationFactory(name="Stadt Bonn")
    partner = member_create(bonn, email="partner@example.org", role="partner_contact")
    applicant = UserFactory(email="erika.antrag@example.org")
    membership = membership_requested(applicant, "Stadt Bonn")
    assert wait_for(queue_drained)  # the partner has been told, while mail still worked
    mail_server_down(settings)
    request_id = uuid.uuid4().hex
    client.force_login(partner)

    response = client.post(f"/mitgliedschaften/{membership.pk}/freigeben/", HTTP_X_REQUEST_ID=request_id)

    assert response.status_code == 302 and response["X-Request-ID"] == request_id
    assert wait_for(lambda: TaskFailure.objects.exists(), timeout=30)
    failure = TaskFailure.objects.get()
    assert failure.task_name == "exchange.tasks.notify_membership_decided"
    assert failure.exception == "ConnectionRefusedError" and failure.request_id == request_id

    lines = [line for line in json_log.records() if line.get("request_id") == request_id]
    request_line = next(line for line in lines if line["logger"] == "cms.requests")
    assert request_line["route"] == "mitgliedschaften/<int:pk>/freigeben/" and request_line["status"] == 302
    task_line = next(line for line in lines if line["logger"] == "celery.app.trace")
    assert task_line["level"] == "ERROR" and "ConnectionRefusedError" in task_line["message"]
    assert "erika.antrag" not in json_log.getvalue()

    health = client.get("/api/health").json()
    assert health["status"] == "degraded"
    assert health["tasks"] == {"ok": False, "detail": "1 fehlgeschlagen in 24 h"}
    metrics = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert 'sid_task_failures_recent{task="exchange.tasks.notify_membership_decided"} 1.0' in metrics
