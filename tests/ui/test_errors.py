"""Error pages in the site's design, in German, with next steps; forms keep what people typed."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from cms import urls as root_urls
from cms.errors import server_error
from exchange.models import User
from search import client as search_client


@pytest.mark.django_db
def test_404_is_german_in_the_site_design_with_next_steps(client, site_tree):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert 'class="site-header"' in html and 'class="skip-link"' in html
    assert "Diese Seite gibt es nicht (mehr)" in html
    assert "Was Sie jetzt tun können" in html
    assert 'href="/konto/login/?next=/gibt-es-nicht/"' in html  # anonymous: log in, maybe it is there
    assert 'href="/praxisbeispiele/"' in html


@pytest.mark.django_db
def test_404_for_members_offers_search(client, member, site_tree):
    client.force_login(member)
    html = client.get("/forum/thema/999999/").content.decode()
    assert "Diese Seite gibt es nicht (mehr)" in html
    assert 'href="/suche/"' in html


@pytest.mark.django_db
def test_403_explains_and_names_the_next_step(client, member):
    client.force_login(member)
    response = client.get("/praxis/neu/")  # only partner contacts and editors propose practices
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sie haben keinen Zugriff auf diese Seite" in html
    assert "Ansprechperson Ihrer Organisation" in html
    assert 'aria-current="page"' in html  # the navigation still works and marks the section


def test_500_renders_without_database_and_without_request_context():
    """No django_db mark: any database access here would raise."""
    assert root_urls.handler500 == "cms.errors.server_error"
    response = server_error(RequestFactory().get("/kaputt/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hier ist etwas schiefgegangen" in html
    assert "Laden Sie die Seite in einigen Minuten neu." in html
    assert 'class="site-header"' in html and 'href="/"' in html
    assert "/static/css/site" in html


def test_maintenance_mode_answers_503_without_database(client, settings):
    settings.MAINTENANCE_MODE = True
    response = client.get("/mitgliederbereich/")
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    html = response.content.decode()
    assert "Wir arbeiten gerade an der Plattform" in html
    assert "Versuchen Sie es in einigen Minuten erneut." in html


@pytest.mark.django_db
def test_search_unavailable_answers_503_with_the_shared_notice(client, member, settings):
    settings.SEARCH = {**settings.SEARCH, "URL": "http://127.0.0.1:9", "TIMEOUT": 0.5}
    search_client.reset()
    client.force_login(member)
    response = client.get("/suche/", {"q": "Schulen"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Die Suche ist gerade nicht verfügbar." in html
    assert 'href="/praxisbeispiele/"' in html  # a way on while search is down
    assert 'value="Schulen"' in html  # the query stays in the box


@pytest.mark.django_db
def test_profile_form_keeps_input_and_ties_errors_to_fields(client, member):
    client.force_login(member)
    response = client.post(
        "/profil/",
        {
            "first_name": "",
            "last_name": "Neuname",
            "position": "Leitung Bürgerbüro",
            "phone": "0" * 41,
            "profile_visibility": "members",
            "interest_region": "koeln",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Neuname"' in html
    assert 'value="Leitung Bürgerbüro"' in html
    assert '<option value="koeln" selected>' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_phone_error"' in html or 'id="id_phone_error"' in html
    assert "Bitte prüfen Sie die markierten Angaben." in html
    member.refresh_from_db()
    assert member.last_name == "Muster"  # nothing half-written


@pytest.mark.django_db
def test_signup_form_keeps_input_when_passwords_differ(client, org):
    response = client.post(
        "/konto/signup/",
        {
            "email": "nina@bonn.example",
            "first_name": "Nina",
            "last_name": "Neu",
            "position": "Bürgerbüro",
            "organisation": org.pk,
            "password1": "Ein-sicheres-Passwort-2026",
            "password2": "Ein-anderes-Passwort-2026",
        },
    )
    html = response.content.decode()
    assert 'value="nina@bonn.example"' in html
    assert 'value="Nina"' in html and 'value="Bürgerbüro"' in html
    assert f'<option value="{org.pk}" selected>' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="nina@bonn.example").exists()


@pytest.mark.django_db
def test_csrf_failure_page_is_german_and_explains(site_tree):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Das Formular konnte nicht sicher übermittelt werden" in html
    assert "Ihre Eingabe wurde nicht gespeichert." in html
