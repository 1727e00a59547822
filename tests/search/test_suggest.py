"""“Meinten Sie …?” and autocomplete never reveal words or titles the viewer may not see."""

from __future__ import annotations

import pytest

from exchange.access import viewer_for
from search import drain, queries
from search.suggest import autocomplete
from tests.factories import practice_classify, practice_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(practice_index, org, working_group):
    open_one = practice_publish(
        practice_index,
        title="Deeskalationstraining im Jobcenter",
        organisation=org,
        summary="Rollenspiele mit aufgebrachten Kunden.",
    )
    practice_classify(open_one, phases=["Vorsorge"])
    practice_publish(
        practice_index,
        title="Kennzeichnung von Schulen",
        organisation=org,
        summary="Orientierungsschilder für Einsatzkräfte.",
    )
    practice_publish(
        practice_index,
        title="Projekt Zaunkönig",
        organisation=org,
        audience="groups",
        groups=[working_group],
        summary="Vertraulicher Codename Zaunkönig für die Alarmkette.",
    )
    drain.outbox_drain(refresh=True)


def test_a_misspelling_gets_a_suggestion_from_visible_words(practices, member):
    results = queries.search(viewer_for(member), "Deeskalationstrainig")
    assert results.suggestion == "Deeskalationstraining"
    # the typo-tolerant pass still shows the hit
    assert [h.title for h in results.hits] == ["Deeskalationstraining im Jobcenter"]


def test_no_suggestion_for_words_found_as_written(practices, member):
    assert queries.search(viewer_for(member), "Kennzeichnung").suggestion is None


def test_a_word_only_in_hidden_documents_is_never_suggested(practices, member, group_member):
    hidden = queries.search(viewer_for(member), "Zaunkönik")
    assert hidden.suggestion is None
    assert hidden.count == 0
    insider = queries.search(viewer_for(group_member), "Zaunkönik")
    assert insider.suggestion == "Zaunkönig"


def test_a_mixed_query_keeps_only_visible_corrections(practices, member):
    results = queries.search(viewer_for(member), "Zaunkönik Orientierungsschilde")
    assert results.suggestion is None or "zaunk" not in results.suggestion.lower()


def test_the_suggestion_keeps_phrases_and_exclusions(practices, member):
    results = queries.search(viewer_for(member), 'Rollenspiehle -Schulen "aufgebrachten Kunden"')
    assert results.suggestion == '"aufgebrachten Kunden" Rollenspiele -Schulen'


def test_the_suggestion_must_find_something_with_the_chosen_filters(practices, member):
    from search.facets import SearchParams

    unfiltered = SearchParams(query="Deeskalationstrainig")
    assert queries.search(viewer_for(member), params=unfiltered).suggestion == "Deeskalationstraining"
    filtered = SearchParams(query="Deeskalationstrainig", filters=(("phase", ("Nachsorge",)),))
    assert queries.search(viewer_for(member), params=filtered).suggestion is None


def test_autocomplete_completes_visible_titles_only(practices, member, group_member):
    viewer = viewer_for(member)
    assert [c.title for c in autocomplete(viewer, "Deeskal")] == ["Deeskalationstraining im Jobcenter"]
    assert [c.title for c in autocomplete(viewer, "kennzeichnung von sch")] == ["Kennzeichnung von Schulen"]
    assert autocomplete(viewer, "Zaunk") == []
    assert autocomplete(viewer, "Projekt Zaun") == []
    assert [c.title for c in autocomplete(viewer_for(group_member), "Zaunk")] == ["Projekt Zaunkönig"]
    assert autocomplete(viewer, "D") == []  # too short to be useful
    assert autocomplete(viewer, "Deeskal Zzz") == []  # every word must match


def test_autocomplete_finds_compound_parts_and_ascii_umlauts_within_the_filter(
    practices, member, group_member
):
    viewer = viewer_for(member)
    assert [c.title for c in autocomplete(viewer, "Trainin")] == ["Deeskalationstraining im Jobcenter"]
    assert [c.title for c in autocomplete(viewer, "training jobc")] == ["Deeskalationstraining im Jobcenter"]
    assert [c.title for c in autocomplete(viewer, "SCHULEN")] == ["Kennzeichnung von Schulen"]
    insider = viewer_for(group_member)
    assert [c.title for c in autocomplete(insider, "Zaunkoe")] == ["Projekt Zaunkönig"]
    assert [c.title for c in autocomplete(insider, "zaunkön")] == ["Projekt Zaunkönig"]
    assert autocomplete(viewer, "Zaunkoe") == []  # the folded spelling does not open the filter


def test_the_page_shows_a_certain_correction_and_offers_the_words_as_typed(practices, member, client):
    client.force_login(member)
    html = client.get("/suche/", {"q": "Deeskalationstrainig"}).content.decode()
    assert "Ergebnisse für <strong>Deeskalationstraining</strong> (statt Deeskalationstrainig)" in html
    assert 'href="?q=Deeskalationstrainig&amp;autocorrect=0"' in html
    assert "Stattdessen nach „Deeskalationstrainig“ suchen" in html
    assert "Deeskalationstraining im Jobcenter" in html
    as_typed = client.get("/suche/", {"q": "Deeskalationstrainig", "autocorrect": "0"}).content.decode()
    assert "Ergebnisse für" not in as_typed
    assert 'Meinten Sie <a href="?q=Deeskalationstraining">Deeskalationstraining</a>?' in as_typed
    hidden = client.get("/suche/", {"q": "Zaunkönik"}).content.decode()
    assert "Meinten Sie" not in hidden and "Ergebnisse für" not in hidden and "Zaunkönig" not in hidden


@pytest.fixture
def schools(practice_index, org, working_group):
    """The compound stands nowhere as one word: the index holds only its parts."""
    practice_publish(
        practice_index,
        title="Gütersloher Modell: Kennzeichnung von Schulen",
        organisation=org,
        summary="Schulgebäude werden einheitlich gekennzeichnet, damit Einsatzkräfte Räume finden.",
    )
    practice_publish(
        practice_index,
        title="Übergabe der Schicht in der Leitstelle",
        organisation=org,
        audience="groups",
        groups=[working_group],
        summary="Was die Nachtschicht wissen muss.",
    )
    drain.outbox_drain(refresh=True)


def test_a_typo_inside_a_compound_is_corrected_through_its_parts(schools, member):
    results = queries.search(viewer_for(member), "Schulkenzeichnung")
    assert results.suggestion == "Schulkennzeichnung"
    assert results.corrected_from == "Schulkenzeichnung" and results.query == "Schulkennzeichnung"
    assert [h.title for h in results.hits] == ["Gütersloher Modell: Kennzeichnung von Schulen"]
    assert queries.search(viewer_for(member), "Schulkennzeichnung").corrected_from is None


def test_a_compound_correction_needs_a_document_the_viewer_may_see(schools, member, group_member):
    hidden = queries.search(viewer_for(member), "Schichtübergbae")
    assert (hidden.suggestion, hidden.corrected_from, hidden.count) == (None, None, 0)
    insider = queries.search(viewer_for(group_member), "Schichtübergbae")
    assert insider.suggestion == "Schichtübergabe"
    assert [h.title for h in insider.hits] == ["Übergabe der Schicht in der Leitstelle"]


def test_two_visible_corrections_are_only_offered(practice_index, org, member):
    practice_publish(practice_index, title="Tor zum Hof", organisation=org, summary="Nachts zu.")
    practice_publish(practice_index, title="Tür mit Knauf", organisation=org, summary="Von außen zu.")
    drain.outbox_drain(refresh=True)
    results = queries.search(viewer_for(member), "Tär")  # one edit from "Tor" and from "Tür"
    assert results.suggestion in {"Tor", "Tür"}
    assert results.corrected_from is None and results.query == "Tär"
