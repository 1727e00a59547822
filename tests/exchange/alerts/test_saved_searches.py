"""Saved searches: the service validates like the search page, limits, and the member's pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from exchange.alerts import services
from exchange.alerts.services import MAX_SAVED_SEARCHES
from exchange.models import SavedSearch
from search.facets import params_from

pytestmark = pytest.mark.django_db


def test_create_stores_the_search_as_the_search_page_reads_it(member):
    params = services.params_clean(
        {"q": ["  Hausverbot  "], "phase": ["Vorsorge", "Handling"], "sort": ["date"]}
    )
    saved = services.saved_search_create(user=member, name="Hausverbot", params=params, frequency="weekly")
    assert saved.query == "Hausverbot"
    assert saved.filters == {"phase": ["Handling", "Vorsorge"], "sort": ["date"]}
    assert services.saved_search_params(saved) == params


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"q": ["Hausverbot"], "type": ["foo"]}, "Unbekannter Wert"),
        ({"q": ["x" * 201]}, "zu lang"),
        ({"q": [""]}, "Suchbegriffe"),
        ({"q": ["Hausverbot"], "sort": ["alphabet"]}, "Unbekannte Sortierung"),
    ],
)
def test_bad_searches_are_refused_in_german(data, message):
    with pytest.raises(ValidationError) as refused:
        services.params_clean(data)
    assert message in " ".join(refused.value.messages)


def test_name_frequency_and_limit(member):
    params = params_from({"q": ["Bodycam"]})
    with pytest.raises(ValidationError, match="Namen"):
        services.saved_search_create(user=member, name="   ", params=params, frequency="daily")
    with pytest.raises(ValidationError, match="täglich"):
        services.saved_search_create(user=member, name="A", params=params, frequency="hourly")
    services.saved_search_create(user=member, name="A", params=params, frequency="daily")
    with pytest.raises(ValidationError, match="diesem Namen"):
        services.saved_search_create(user=member, name="A", params=params, frequency="daily")
    for n in range(1, MAX_SAVED_SEARCHES):
        services.saved_search_create(user=member, name=f"S{n}", params=params, frequency="none")
    with pytest.raises(ValidationError, match=f"höchstens {MAX_SAVED_SEARCHES}"):
        services.saved_search_create(user=member, name="zu viel", params=params, frequency="none")
    assert SavedSearch.objects.filter(user=member).count() == MAX_SAVED_SEARCHES


def test_only_members_save_searches(pending_user):
    with pytest.raises(Exception, match="freigegebene Mitglieder"):
        services.saved_search_create(
            user=pending_user, name="A", params=params_from({"q": ["Bodycam"]}), frequency="daily"
        )
    assert not SavedSearch.objects.exists()


def test_save_from_the_search_page_and_manage_under_the_profile(member, client):
    client.force_login(member)
    form = {"q": "Hausverbot", "phase": "Vorsorge", "name": "Hausverbote", "frequency": "daily"}
    response = client.post("/profil/suchen/speichern/", form)
    assert response.status_code == 302 and response["Location"] == "/profil/suchen/"
    saved = SavedSearch.objects.get(user=member)
    page = client.get("/profil/suchen/").content.decode()
    assert "Hausverbote" in page
    assert 'href="/suche/?q=Hausverbot&amp;phase=Vorsorge"' in page
    assert "„Hausverbot“ · Phase: Vorsorge · gespeichert am" in page

    client.post(f"/profil/suchen/{saved.pk}/", {"name": "Hausverbot Bürgerbüro", "frequency": "none"})
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Hausverbot Bürgerbüro", "none")

    bad = client.post(f"/profil/suchen/{saved.pk}/", {"name": "X", "frequency": "stündlich"})
    assert bad.status_code == 400 and "täglich, wöchentlich" in bad.content.decode()
    refused = client.post("/profil/suchen/speichern/", {**form, "type": "foo"})
    assert refused.status_code == 400 and "Unbekannter Wert" in refused.content.decode()

    assert client.post(f"/profil/suchen/{saved.pk}/loeschen/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_another_members_saved_search_does_not_exist_for_me(member, org, client):
    from tests.factories import member_create

    other = member_create(org, email="andere@example.org")
    saved = services.saved_search_create(
        user=other, name="Privat", params=params_from({"q": ["Bodycam"]}), frequency="daily"
    )
    client.force_login(member)
    assert (
        client.post(f"/profil/suchen/{saved.pk}/", {"name": "Meins", "frequency": "none"}).status_code == 404
    )
    assert client.post(f"/profil/suchen/{saved.pk}/loeschen/").status_code == 404
    assert "Privat" not in client.get("/profil/suchen/").content.decode()
    assert SavedSearch.objects.get(pk=saved.pk).name == "Privat"


def test_the_search_page_offers_to_save_the_search(member, client, practice_index, org):
    from search import drain
    from tests.factories import practice_publish

    practice_publish(practice_index, title="Hausverbot im Jobcenter", organisation=org)
    drain.outbox_drain(refresh=True)
    client.force_login(member)
    html = client.get("/suche/", {"q": "Hausverbot", "sort": "date"}).content.decode()
    assert 'action="/profil/suchen/speichern/"' in html
    assert '<input type="hidden" name="q" value="Hausverbot">' in html
    assert '<input type="hidden" name="sort" value="date">' in html


def test_data_export_contains_the_saved_searches_and_deletion_removes_them(member, client):
    import json

    from exchange.people import services as people_services

    services.saved_search_create(
        user=member,
        name="Bodycam",
        params=params_from({"q": ["Bodycam"], "phase": ["Vorsorge"]}),
        frequency="daily",
    )
    client.force_login(member)
    data = json.loads(client.get("/profil/daten.json").content)
    assert data["gespeicherte_suchen"][0] | {"seit": None} == {
        "name": "Bodycam",
        "suche": "Bodycam",
        "filter": {"phase": ["Vorsorge"]},
        "email": "daily",
        "seit": None,
    }
    people_services.user_delete(user=member)
    assert not SavedSearch.objects.exists()
