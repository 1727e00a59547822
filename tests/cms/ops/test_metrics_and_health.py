"""/metrics is not public, and it and /api/health tell when an outbox stopped draining."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from search import client as search_client
from search.models import OutboxEntry
from tests.cms.ops.content import open_thread_create
from tests.factories import editor_create, member_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]

TOKEN = "metrics-token-for-the-test-0123456789"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client, **headers):
    return client.get("/metrics", **headers)


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer "])
def test_metrics_refused_without_the_token(client, token, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = scrape(client, **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"django_http" not in response.content and b"sid_" not in response.content


def test_a_logged_in_editor_gets_no_metrics_either(client, token):
    client.force_login(editor_create(email="redaktion@example.org"))
    assert scrape(client).status_code == 401


def test_metrics_do_not_exist_without_a_configured_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert scrape(client).status_code == 404
    assert scrape(client, HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_with_the_token(client, token, org):
    client.force_login(member_create(org, email="mitglied@example.org"))
    assert client.get("/mitgliederbereich/").status_code == 200
    client.logout()
    body = scrape(client, HTTP_AUTHORIZATION=f"Bearer {token}").content.decode()
    assert re.search(
        r'django_http_requests_latency_seconds_by_view_method_count\{[^}]*view="members-home"', body
    )
    assert 'sid_outbox_pending{outbox="search"} 0.0' in body
    assert 'sid_outbox_oldest_age_seconds{outbox="notifications"} 0.0' in body
    assert "sid_search_up 1.0" in body
    assert "# TYPE sid_task_failures_recent gauge" in body
    assert "mitglied@example.org" not in body


def test_outbox_that_stopped_draining_is_reported(client, token, settings, org):
    settings.SEARCH = {**settings.SEARCH, "URL": "http://127.0.0.1:9"}  # the search server is away
    search_client.reset()
    open_thread_create(member_create(org, email="mitglied@example.org"))  # the write succeeds
    assert OutboxEntry.objects.filter(processed_at__isnull=True).exists()
    assert client.get("/api/health").json()["outbox"]["ok"] is True  # just written: not stale

    OutboxEntry.objects.update(created_at=timezone.now() - timedelta(minutes=10))  # ten minutes later

    health = client.get("/api/health")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["outbox"]["ok"] is False
    assert health.json()["outbox"]["detail"].startswith("unverarbeitet: search: 1 seit 10 min")
    body = scrape(client, HTTP_AUTHORIZATION=f"Bearer {token}").content.decode()
    age = float(re.search(r'sid_outbox_oldest_age_seconds\{outbox="search"\} (\S+)', body)[1])
    assert age >= 600
    assert "sid_search_up 0.0" in body


def test_metrics_add_up_the_requests_of_every_worker_process(client, token, settings, tmp_path):
    """gunicorn's workers are separate processes: in multiprocess mode (PROMETHEUS_MULTIPROC_DIR)
    /metrics counts the requests of all of them, not only of the process that answers the scrape."""
    settings.PROMETHEUS_MULTIPROC_DIR = str(tmp_path)
    code = (
        "import sys, django; django.setup(); from django.test import Client; c = Client(); "
        "[c.get('/healthz') for _ in range(int(sys.argv[1]))]"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for requests in (1, 2):  # two "workers", each its own process
        worker = subprocess.run(
            [sys.executable, "-c", code, str(requests)], cwd=ROOT, env=env, capture_output=True, timeout=120
        )
        assert worker.returncode == 0, worker.stderr.decode()
    body = scrape(client, HTTP_AUTHORIZATION=f"Bearer {token}").content.decode()
    counted = re.search(
        r'django_http_requests_latency_seconds_by_view_method_count\{method="GET",view="healthz"\} (\S+)',
        body,
    )
    assert counted and float(counted[1]) == 3.0
