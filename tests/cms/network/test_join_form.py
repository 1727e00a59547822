"""The public join form: a valid request is stored and confirmed; every bad or hostile input gets a
clear German error with 400 (429 beyond the rate limit) and writes nothing."""

import time

import pytest
from django.core import mail

from cms.network.forms import started_token
from cms.network.models import JoinRequest

from .conftest import join_data

pytestmark = pytest.mark.django_db

URL = "/mitmachen/"


def test_the_form_is_public_and_german(client, site_tree):
    html = client.get(URL).content.decode()
    assert "Mitmachen im Netzwerk" in html
    assert 'name="started"' in html and 'class="form-trap"' in html


def test_a_valid_request_is_stored_and_confirmed_to_the_contact_and_the_editors(
    client, site_tree, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, join_data())
    assert response.status_code == 302 and response["Location"] == "/mitmachen/danke/"
    join_request = JoinRequest.objects.get()
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.contact_email == "dana.dezernentin@kreis-mettmann.example"
    assert join_request.listing_consent is True
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["dana.dezernentin@kreis-mettmann.example", editor.email]
    confirmation = next(m for m in mail.outbox if m.to == [join_request.contact_email])
    assert "Kreis Mettmann" in confirmation.body
    # The form is public: the confirmation never carries the free text someone typed.
    assert "Sicherheitskonzept" not in confirmation.body
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"organisation_name": ""}, "Dieses Feld muss ausgefüllt werden."),
        ({"kind": "raumschiff"}, "Bitte eine gültige Auswahl treffen"),
        ({"region": ""}, "Dieses Feld muss ausgefüllt werden."),
        ({"contact_email": "kein-at-zeichen"}, "gültige E-Mail-Adresse"),
        ({"consent": ""}, "Ohne Ihre Einwilligung können wir die Anfrage nicht bearbeiten."),
        ({"organisation_name": "x" * 201}, "höchstens 200 Zeichen"),
        ({"message": "a" * 2001}, "höchstens 2000 Zeichen"),
        ({"contact_name": "Nul\x00Byte"}, "Nullzeichen sind nicht erlaubt"),
    ],
)
def test_bad_input_is_refused_with_a_german_error_and_nothing_written(client, site_tree, overrides, message):
    response = client.post(URL, join_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not JoinRequest.objects.exists()
    assert not mail.outbox


def test_the_honeypot_refuses_bots(client, site_tree):
    response = client.post(URL, join_data(homepage="http://spam.example"))
    assert response.status_code == 400
    assert "Ihre Anfrage konnte nicht angenommen werden" in response.content.decode()
    assert not JoinRequest.objects.exists() and not mail.outbox


def test_a_form_sent_within_seconds_is_refused(client, site_tree):
    response = client.post(URL, join_data(started=started_token(time.time() - 1)))
    assert response.status_code == 400
    assert "ungewöhnlich schnell abgeschickt" in response.content.decode()
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize("started", ["", "123", "forged:token", started_token(time.time() - 60) + "x"])
def test_a_missing_or_forged_start_time_is_refused(client, site_tree, started):
    response = client.post(URL, join_data(started=started))
    assert response.status_code == 400
    assert "Ihre Anfrage konnte nicht angenommen werden" in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_an_old_form_is_refused(client, site_tree):
    response = client.post(URL, join_data(started=started_token(time.time() - 2 * 24 * 3600)))
    assert response.status_code == 400
    assert "Das Formular ist abgelaufen" in response.content.decode()


def test_the_rate_limit_answers_429_in_german_per_address(client, site_tree, settings):
    settings.NETWORK_JOIN = {**settings.NETWORK_JOIN, "PER_HOUR": 2}
    for n in range(2):
        assert client.post(URL, join_data(organisation_name=f"Stadt {n}")).status_code == 302
    response = client.post(URL, join_data(organisation_name="Stadt 3"))
    assert response.status_code == 429
    assert "zu viele Anfragen" in response.content.decode()
    assert JoinRequest.objects.count() == 2
    # Another address is not affected.
    other = client.post(URL, join_data(organisation_name="Stadt 4"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_get_and_post_only(client, site_tree):
    assert client.put(URL).status_code == 405
