"""The security log: what it records (never secrets) and who may read it."""

import json

import pytest
from django.test import Client

from exchange.membership import audit
from exchange.models import AuditEvent
from tests.factories import PASSWORD, password_login

pytestmark = pytest.mark.django_db


def test_audit_log_records_logins_and_failures_without_secrets(member):
    Client().post("/konto/login/", {"login": "mitglied@example.org", "password": "Falsches-Passwort-1"})
    password_login("mitglied@example.org")
    kinds = list(AuditEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["login_failed", "login"]
    failed = AuditEvent.objects.get(kind="login_failed")
    assert failed.subject == member and failed.detail["login"] == "mitglied@example.org"
    assert failed.ip_address == "127.0.0.1"
    dumped = json.dumps(list(AuditEvent.objects.values("detail")))
    assert "Falsches-Passwort-1" not in dumped and PASSWORD not in dumped


@pytest.mark.parametrize(
    "who,status", [("editor", 200), ("member", 404), ("partner", 404), ("pending_user", 404)]
)
def test_audit_log_page_for_editors_only(client, request, who, status):
    audit.audit_record(kind="login", detail={"login": "x@example.org"})
    client.force_login(request.getfixturevalue(who))
    response = client.get("/mitgliedschaften/protokoll/")
    assert response.status_code == status
    if status == 200:
        assert "Anmeldung" in response.content.decode()
