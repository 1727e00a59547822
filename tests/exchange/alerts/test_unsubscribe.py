"""The one-click unsubscribe of an alert e-mail: signed, no login, tampering refused in German."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from exchange.alerts import delivery
from exchange.alerts.unsubscribe import token_make
from exchange.models import SavedSearch
from search import drain
from tests.factories import member_create, practice_publish

from .helpers import saved_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(org, practice_index):
    reader = member_create(org, email="leserin@example.org")
    saved = saved_search(reader, "Hausverbot")
    practice_publish(practice_index, title="Hausverbot im Bürgerbüro", organisation=org)
    drain.outbox_drain(refresh=True)
    mail.outbox.clear()
    assert delivery.alert_send(saved_search_id=saved.pk) == 1
    return saved, mail.outbox[0]


def test_every_alert_carries_a_one_click_unsubscribe_that_needs_no_login(alert):
    saved, message = alert
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    path = url.split("://", 1)[1].split("/", 1)[1]
    anonymous = Client(enforce_csrf_checks=True)  # as a mail program posts (RFC 8058): no session, no token

    confirm = anonymous.get(f"/{path}")
    assert confirm.status_code == 200 and "Keine E-Mails mehr senden" in confirm.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == "daily"  # a link scanner's GET changes nothing

    done = anonymous.post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "keine E-Mails mehr" in done.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == SavedSearch.Frequency.NONE
    assert SavedSearch.objects.filter(pk=saved.pk).exists()  # the search itself stays


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused_with_a_german_400(alert, method):
    saved, _message = alert
    token = token_make(saved.pk)
    forged = token_make(saved.pk + 1).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (forged, token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "kaputt"):
        response = getattr(Client(), method)(f"/suchen/abmelden/{bad}/")
        assert response.status_code == 400
        assert "ungültig oder wurde verändert" in response.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == "daily"
