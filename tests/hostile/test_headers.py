"""Security headers and CSP on real responses of the kinds of pages the site serves.

The deploy check itself (``manage.py check --deploy --fail-level WARNING`` with production
settings) runs in tests/cms/test_deployment.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import practice_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_tree, practice_index, org, member):
    from exchange.forum.services import thread_create
    from tests.factories import CategoryFactory

    practice = practice_publish(practice_index, title="Sicherheitsdienst im Amt", organisation=org)
    thread = thread_create(
        author=member, category=CategoryFactory(name="Technik"), title="Alarm", body="Text"
    )
    return {
        "home": "/",
        "practice": practice.url,
        "forum-thread": reverse("forum-thread", kwargs={"pk": thread.pk}),
        "search": reverse("search") + "?q=Alarm",
        "login": reverse("account_login"),
        "api-json": "/api/health",
        "not-found": "/gibt-es-nicht/",
    }


def directives(csp: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in csp.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize(
    "kind", ["home", "practice", "forum-thread", "search", "login", "api-json", "not-found"]
)
def test_security_headers_on_every_kind_of_page(client, member, pages, kind):
    if kind != "login":  # the login page is seen by people who are not logged in
        client.force_login(member)
    response = client.get(pages[kind])
    assert response.status_code in (200, 404), (kind, response.status_code)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] in (["'self'"], ["'none'"])
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "Strict-Transport-Security" not in response  # plain http in tests, and HSTS is unset


def test_hsts_when_configured_on_https(client, settings, pages):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(pages["login"], secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get(pages["login"])  # never over plain http


def test_session_and_csrf_cookies_are_secure_in_production(settings, member, client):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.post(
        reverse("account_login"),
        {"login": "mitglied@example.org", "password": "Ein-sicheres-Passwort-2026"},
        secure=True,
    )
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
