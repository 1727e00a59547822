"""The connection to PostgreSQL is cut in the middle of a request.

A small TCP proxy (started by the test) sits between Django and 127.0.0.1:5432; the machine's
PostgreSQL is never touched. The member gets a German 503 page instead of a 500 traceback, nothing
of the interrupted write is stored (the service's transaction never commits), and once the
connection is back the same action works.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import APIToken

from exchange.models import AuditEvent

from .harness import TcpProxy

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]

GERMAN_MESSAGE = "Der Dienst ist gerade nicht erreichbar"


@pytest.fixture
def proxy(transactional_db):
    settings = connection.settings_dict
    upstream = (settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))
    tcp = TcpProxy(upstream)
    original_host, original_port = settings["HOST"], settings["PORT"]
    connection.close()
    settings["HOST"], settings["PORT"] = "127.0.0.1", str(tcp.port)
    yield tcp
    tcp.close()
    connection.close()
    settings["HOST"], settings["PORT"] = original_host, original_port


@pytest.fixture
def web(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


def test_cut_in_the_middle_of_a_write_gives_a_german_503_and_stores_nothing(proxy, web, member):
    # Cut the moment the service writes its second row (the audit event after the token row).
    proxy.cut_on = b'INSERT INTO "exchange_auditevent"'
    response = web.post(reverse("token-create"), {"name": "Auswertung"})
    assert proxy.cuts == 1, "the write never reached the point where the connection is cut"
    assert response.status_code == 503
    body = response.content.decode()
    assert GERMAN_MESSAGE in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"]

    proxy.restore()
    # nothing half-written: neither the token nor its audit event
    assert not APIToken.objects.filter(user=member).exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.TOKEN_CREATED).exists()

    # the next request connects afresh and the same action works
    response = web.post(reverse("token-create"), {"name": "Auswertung"})
    assert response.status_code == 200
    assert APIToken.objects.filter(user=member, name="Auswertung").count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.TOKEN_CREATED).count() == 1


@pytest.mark.parametrize(
    "path", [lambda: reverse("members-home"), lambda: reverse("forum-index"), lambda: "/api/me"]
)
def test_database_away_pages_and_api_say_so_in_german(proxy, web, path):
    url = path()
    assert web.get(url).status_code == 200
    proxy.sever()
    response = web.get(url)
    assert response.status_code == 503
    assert GERMAN_MESSAGE in response.content.decode()
    if url.startswith("/api/"):
        assert response.json()["detail"].startswith(GERMAN_MESSAGE)
    proxy.restore()
    assert web.get(url).status_code == 200


def test_health_reports_database_down_with_503(proxy):
    web = Client(raise_request_exception=False)  # the load balancer asks without a session
    proxy.sever()
    response = web.get("/api/health")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    proxy.restore()
    assert web.get("/api/health").json()["database"]["ok"] is True


def test_liveness_answers_without_the_database(proxy):
    proxy.sever()  # every database connection is refused
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
