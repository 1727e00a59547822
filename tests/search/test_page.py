"""The search page /suche/: a plain GET form with facets, sort, pagination and helpful states."""

from __future__ import annotations

import pytest

from search import drain
from tests.factories import practice_classify, practice_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(practice_index, org, other_org):
    a = practice_publish(practice_index, title="Hausverbot im Jobcenter", organisation=org, summary="Ablauf.")
    practice_classify(a, phases=["Handling"], target_groups=["Innendienst"])
    b = practice_publish(
        practice_index, title="Hausverbot im Rathaus", organisation=other_org, summary="Vorlagen."
    )
    practice_classify(b, phases=["Vorsorge"], target_groups=["Innendienst"])
    drain.outbox_drain(refresh=True)


def test_results_with_facet_checkboxes_and_counts(indexed, member, client):
    client.force_login(member)
    html = client.get("/suche/", {"q": "Hausverbot"}).content.decode()
    assert "2 Treffer" in html
    assert '<input type="checkbox" name="phase" value="Handling" form="search-form">' in html
    assert 'Innendienst <span class="count">(2)</span>' in html
    assert "<mark>Hausverbot</mark>" in html or "Hausverbot im Jobcenter" in html
    assert '<option value="date">' in html

    chosen = client.get("/suche/", {"q": "Hausverbot", "phase": "Handling"}).content.decode()
    assert "1 Treffer" in chosen
    assert '<input type="checkbox" name="phase" value="Handling" checked form="search-form">' in chosen
    # the phase facet still counts the other phase; the result list is narrowed
    assert 'Vorsorge <span class="count">(1)</span>' in chosen
    assert "Hausverbot im Rathaus</a>" not in chosen
    assert "Alle Filter entfernen" in chosen


def test_sort_by_date(indexed, member, client):
    client.force_login(member)
    html = client.get("/suche/", {"q": "Hausverbot", "sort": "date"}).content.decode()
    assert '<option value="date" selected>' in html
    assert html.index("Hausverbot im Rathaus") < html.index("Hausverbot im Jobcenter")


def test_empty_state_helps(member, client):
    client.force_login(member)
    html = client.get("/suche/").content.decode()
    assert "So finden Sie" in html
    assert 'href="/praxisbeispiele/"' in html and 'href="/forum/"' in html


def test_zero_results_state_helps(indexed, member, client):
    client.force_login(member)
    html = client.get("/suche/", {"q": "Hausverbot", "phase": "Nachsorge"}).content.decode()
    assert "Keine Treffer" in html
    assert "Ohne Filter suchen" in html
    assert 'href="/praxisbeispiele/"' in html


def test_bad_parameters_get_a_message_not_an_error_page(member, client):
    client.force_login(member)
    response = client.get("/suche/", {"q": "Hausverbot", "type": "foo"})
    assert response.status_code == 400
    assert "Unbekannter Wert" in response.content.decode()
    assert client.get("/suche/", {"q": "Hausverbot", "seite": "abc"}).status_code == 200


def test_members_only(client, pending_user):
    assert client.get("/suche/", {"q": "Hausverbot"}).status_code == 302
    client.force_login(pending_user)
    assert client.get("/suche/", {"q": "Hausverbot"}).status_code in (302, 403)


def test_autocomplete_script_is_served_from_our_static_files(member, client):
    from django.contrib.staticfiles import finders

    client.force_login(member)
    html = client.get("/suche/").content.decode()
    assert 'list="search-completions"' in html and "search/autocomplete.js" in html
    assert finders.find("search/autocomplete.js")
