"""The search page's filter column without JavaScript: facets as checkboxes of the search form, the
selected filters as chips whose links remove one filter each (and keep everything else)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from search import drain
from search.sidebar import VISIBLE_VALUES
from tests.factories import practice_classify, practice_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(practice_index, org, other_org):
    a = practice_publish(practice_index, title="Hausverbot im Jobcenter", organisation=org, summary="Ablauf.")
    practice_classify(a, phases=["Handling"], target_groups=["Innendienst"])
    b = practice_publish(
        practice_index, title="Hausverbot im Rathaus", organisation=other_org, summary="Vorlagen."
    )
    practice_classify(b, phases=["Vorsorge"], target_groups=["Innendienst", "Außendienst"])
    drain.outbox_drain(refresh=True)


def page(client, **params) -> BeautifulSoup:
    response = client.get("/suche/", params)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def accessible_text(element) -> str:
    """Text a screen reader reads: aria-hidden parts left out, whitespace collapsed."""
    for hidden in element.select('[aria-hidden="true"]'):
        hidden.decompose()
    return " ".join(element.get_text(" ").split())


def test_facets_are_checkboxes_of_the_search_form_with_counts_and_an_apply_button(indexed, member, client):
    client.force_login(member)
    soup = page(client, q="Hausverbot", phase="Handling")

    form = soup.find("form", id="search-form")
    assert form["method"] == "get" and form.find("input", attrs={"name": "q"})["value"] == "Hausverbot"
    boxes = soup.select('input[type="checkbox"][form="search-form"]')
    by_value = {(b["name"], b["value"]): b for b in boxes}
    assert by_value[("phase", "Handling")].has_attr("checked")
    assert not by_value[("phase", "Vorsorge")].has_attr("checked")
    # the counts stay: other facets count within the selection, the phase facet without its own
    assert "(1)" in by_value[("target_group", "Innendienst")].find_parent("label").get_text()
    assert ("target_group", "Außendienst") not in by_value  # only in the other phase
    assert "(1)" in by_value[("phase", "Vorsorge")].find_parent("label").get_text()
    legends = [legend.get_text(strip=True) for legend in soup.select(".facet legend")]
    assert "Phase" in legends and "Zielgruppe" in legends
    # without script the form is applied with its button (the script hides it)
    apply = soup.find("button", string="Filter anwenden")
    assert apply["type"] == "submit" and apply["form"] == "search-form"
    # the sort belongs to the same form, so a submit keeps it
    assert soup.find("select", id="sort")["form"] == "search-form"
    # the fold for phones is a <details> with a "Filter" summary: it opens without script
    fold = soup.find("details", attrs={"data-filter-fold": True})
    assert fold.summary.get_text(" ", strip=True).startswith("Filter")
    assert soup.find("script", src=lambda src: src and src.endswith("search/facets.js"))


def test_chips_remove_one_filter_and_keep_the_query_the_sort_and_the_others(indexed, member, client):
    client.force_login(member)
    soup = page(
        client,
        q="Hausverbot",
        phase=["Handling", "Vorsorge"],
        target_group="Innendienst",
        sort="date",
        seite="2",
    )
    chips = soup.select("ul.chips a.chip")
    names = [accessible_text(chip) for chip in chips]
    assert names == [  # in the order of the facets, values sorted
        "Filter Zielgruppe: Innendienst entfernen",
        "Filter Phase: Handling entfernen",
        "Filter Phase: Vorsorge entfernen",
    ]
    removal = {name: parse_qs(urlsplit(chip["href"]).query) for name, chip in zip(names, chips, strict=True)}

    handling = removal["Filter Phase: Handling entfernen"]
    assert handling == {
        "q": ["Hausverbot"],
        "phase": ["Vorsorge"],
        "target_group": ["Innendienst"],
        "sort": ["date"],
    }  # no "seite" (back to page 1), no cursor
    group = removal["Filter Zielgruppe: Innendienst entfernen"]
    assert group == {"q": ["Hausverbot"], "phase": ["Handling", "Vorsorge"], "sort": ["date"]}

    # following a chip's link shows the page without that filter and without its chip
    after = page(client, **{k: v for k, v in handling.items()})
    assert [accessible_text(c) for c in after.select("a.chip")] == [
        "Filter Zielgruppe: Innendienst entfernen",
        "Filter Phase: Vorsorge entfernen",
    ]
    assert "Hausverbot im Rathaus" in after.get_text()
    assert "Hausverbot im Jobcenter" not in after.get_text()


def test_no_chips_without_filters_and_a_clear_link_with_several(indexed, member, client):
    client.force_login(member)
    assert page(client, q="Hausverbot").select("a.chip") == []
    one = page(client, q="Hausverbot", phase="Handling")
    assert len(one.select("a.chip")) == 1
    assert "Alle Filter entfernen" not in one.select_one("ul.chips").get_text()
    both = page(client, q="Hausverbot", phase="Handling", target_group="Innendienst")
    clear = both.select_one("ul.chips").find("a", string="Alle Filter entfernen")
    assert parse_qs(urlsplit(clear["href"]).query) == {"q": ["Hausverbot"]}


def test_a_filter_without_hits_keeps_its_chip(indexed, member, client):
    client.force_login(member)
    soup = page(client, q="Hausverbot", phase="Nachsorge")
    assert "Keine Treffer" in soup.get_text()
    (chip,) = soup.select("a.chip")
    assert accessible_text(chip) == "Filter Phase: Nachsorge entfernen"
    assert parse_qs(urlsplit(chip["href"]).query) == {"q": ["Hausverbot"]}


def test_a_long_facet_folds_its_rest_and_unfolds_for_a_selected_value(practice_index, org, member, client):
    groups = [f"Zielgruppe {n:02d}" for n in range(VISIBLE_VALUES + 4)]
    for n in range(len(groups)):
        practice = practice_publish(practice_index, title=f"Notruf {n}", organisation=org)
        practice_classify(practice, target_groups=groups[: n + 1])  # distinct counts: a stable order
    drain.outbox_drain(refresh=True)
    client.force_login(member)

    soup = page(client, q="Notruf")
    fieldset = next(f for f in soup.select("fieldset.facet") if f.legend.get_text(strip=True) == "Zielgruppe")
    assert len(fieldset.select(":scope > ul input")) == VISIBLE_VALUES
    more = fieldset.find("details", class_="facet__more")
    assert len(more.select("input")) == len(groups) - VISIBLE_VALUES
    assert not more.has_attr("open")
    assert more.summary.get_text(strip=True) == f"{len(groups) - VISIBLE_VALUES} weitere Werte"
    assert "(1)" in more.get_text()  # counts in the folded part too

    last = groups[-1]  # counted once: folded
    soup = page(client, q="Notruf", target_group=last)
    fieldset = next(f for f in soup.select("fieldset.facet") if f.legend.get_text(strip=True) == "Zielgruppe")
    more = fieldset.find("details", class_="facet__more")
    assert more.has_attr("open")
    assert more.find("input", attrs={"value": last}).has_attr("checked")
