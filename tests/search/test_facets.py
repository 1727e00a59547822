"""Facets: counts from visible documents only, each facet unfiltered by its own selection."""

from __future__ import annotations

import pytest
from django.utils import timezone

from exchange.access import viewer_for
from exchange.forum import services as forum
from search import drain, queries
from search.facets import InvalidSearch, SearchParams, params_from
from tests.factories import CategoryFactory, OrganisationFactory, practice_classify, practice_publish

pytestmark = pytest.mark.django_db


def facet_counts(results, name):
    facet = next(f for f in results.facets if f.name == name)
    return {v.value: v.count for v in facet.values}


def run(user, query="", **filters):
    params = SearchParams(query=query, filters=tuple((k, tuple(v)) for k, v in filters.items()))
    return queries.search(viewer_for(user), params=params)


@pytest.fixture
def catalogue(practice_index, org, other_org, member, working_group):
    secret_org = OrganisationFactory(name="Geheime Behörde")
    a = practice_publish(practice_index, title="Notruf Vorsorge Schule", organisation=org)
    practice_classify(
        a, phases=["Vorsorge"], target_groups=["Lehrkräfte"], measure_types=["baulich-technisch"]
    )
    b = practice_publish(practice_index, title="Notruf Nachsorge Jobcenter", organisation=org)
    practice_classify(
        b, phases=["Nachsorge"], target_groups=["Innendienst"], measure_types=["personenbezogen"]
    )
    c = practice_publish(practice_index, title="Notruf Vorsorge Jobcenter", organisation=other_org)
    practice_classify(
        c,
        phases=["Vorsorge", "Nachsorge"],
        target_groups=["Innendienst"],
        measure_types=["organisatorisch"],
        incident_types=["Bedrohung"],
    )
    c.region = "koeln"
    c.save_revision().publish()
    hidden = practice_publish(
        practice_index,
        title="Notruf Vorsorge Geheimsache",
        organisation=secret_org,
        audience="groups",
        groups=[working_group],
    )
    practice_classify(
        hidden,
        phases=["Vorsorge"],
        target_groups=["Verdeckte Ermittler"],
        measure_types=["baulich-technisch"],
        incident_types=["Geiselnahme"],
    )
    forum.thread_create(
        author=member, category=CategoryFactory(name="Austausch"), title="Notruf im Forum", body="Wie?"
    )
    drain.outbox_drain(refresh=True)
    return {"a": a, "b": b, "c": c, "hidden": hidden}


def test_facet_counts_without_selection(catalogue, member):
    results = run(member, "Notruf")
    assert results.count == 4
    assert facet_counts(results, "type") == {"practice": 3, "thread": 1}
    assert facet_counts(results, "phase") == {"Vorsorge": 2, "Nachsorge": 2}
    assert facet_counts(results, "target_group") == {"Lehrkräfte": 1, "Innendienst": 2}
    assert facet_counts(results, "organisation") == {"Stadt Bonn": 2, "Kreis Mettmann": 1}
    # practice region, else the organisation's (the factory puts organisations in Münster)
    assert facet_counts(results, "region") == {"muenster": 2, "koeln": 1}
    assert facet_counts(results, "incident_type") == {"Bedrohung": 1}
    year = str(timezone.now().year)
    assert facet_counts(results, "year") == {year: 4}


def test_a_facet_does_not_filter_its_own_counts(catalogue, member):
    results = run(member, "Notruf", phase=["Vorsorge"])
    assert sorted(h.title for h in results.hits) == ["Notruf Vorsorge Jobcenter", "Notruf Vorsorge Schule"]
    assert results.count == 2
    # the phase facet still offers the alternatives with the counts they would have
    assert facet_counts(results, "phase") == {"Vorsorge": 2, "Nachsorge": 2}
    # every other facet is narrowed by the phase
    assert facet_counts(results, "target_group") == {"Lehrkräfte": 1, "Innendienst": 1}
    assert facet_counts(results, "type") == {"practice": 2}

    both = run(member, "Notruf", phase=["Vorsorge"], target_group=["Innendienst"])
    assert [h.title for h in both.hits] == ["Notruf Vorsorge Jobcenter"]
    assert facet_counts(both, "phase") == {"Vorsorge": 1, "Nachsorge": 2}  # by target group only
    assert facet_counts(both, "target_group") == {"Lehrkräfte": 1, "Innendienst": 1}  # by phase only
    selected = {v.value for f in both.facets for v in f.values if v.selected}
    assert selected == {"Vorsorge", "Innendienst"}


def test_values_of_one_facet_are_alternatives(catalogue, member):
    results = run(member, "Notruf", target_group=["Lehrkräfte", "Innendienst"])
    assert results.count == 3
    assert facet_counts(results, "type") == {"practice": 3}


def test_type_filter_and_browsing_without_words(catalogue, member):
    threads = run(member, "Notruf", type=["thread"])
    assert [h.title for h in threads.hits] == ["Notruf im Forum"]
    assert facet_counts(threads, "type") == {"practice": 3, "thread": 1}
    browse = run(member, "", phase=["Nachsorge"])
    assert browse.searched and browse.count == 2


def test_counts_and_values_come_only_from_visible_documents(catalogue, member, group_member):
    results = run(member, "Notruf")
    values = {v.value for f in results.facets for v in f.values}
    for secret in ("Verdeckte Ermittler", "Geiselnahme", "Geheime Behörde"):
        assert secret not in values
    assert facet_counts(results, "measure_type") == {
        "baulich-technisch": 1,
        "personenbezogen": 1,
        "organisatorisch": 1,
    }
    # selecting a value that only hidden documents carry reveals nothing either
    chosen = run(member, "Notruf", organisation=["Geheime Behörde"])
    assert chosen.count == 0 and chosen.hits == []
    assert facet_counts(chosen, "organisation")["Geheime Behörde"] == 0

    insider = run(group_member, "Notruf")
    assert facet_counts(insider, "measure_type")["baulich-technisch"] == 2
    assert facet_counts(insider, "target_group")["Verdeckte Ermittler"] == 1
    assert facet_counts(insider, "organisation")["Geheime Behörde"] == 1


def test_a_selected_value_outside_the_top_buckets_keeps_its_count(catalogue, member, monkeypatch):
    from search import facets

    small = [
        f if f.name != "phase" else facets.Facet(f.name, f.field, f.label, size=1) for f in facets.FACETS
    ]
    monkeypatch.setattr(queries, "FACETS", tuple(small))
    results = run(member, "Notruf", phase=["Vorsorge", "Nachsorge"])
    assert facet_counts(results, "phase") == {"Vorsorge": 2, "Nachsorge": 2}


@pytest.mark.parametrize(
    "data",
    [
        {"type": ["foo"]},
        {"region": ["mars"]},
        {"year": ["zwanzig"]},
        {"year": ["1234567"]},
        {"sort": ["beliebt"]},
        {"phase": ["x" * 300]},
        {"phase": [f"v{i}" for i in range(30)]},
        {"page": ["0"]},
        {"page": ["-1"]},
        {"page": ["abc"]},
        {"q": ["a" * 201]},
    ],
)
def test_invalid_parameters_are_refused_with_a_message(data):
    with pytest.raises(InvalidSearch) as info:
        params_from(data)
    assert str(info.value)


def test_valid_parameters_are_normalised():
    params = params_from({"q": ["  Schule  "], "year": ["2024", "2024"], "type": ["thread"], "page": ["3"]})
    assert params.query == "Schule"
    assert params.filter_map == {"type": ("thread",), "year": ("2024",)}
    assert params.page == 3 and params.sort == "relevance"


def test_term_names_are_searchable_words(catalogue, member):
    results = run(member, "Bedrohung")
    assert [h.title for h in results.hits] == ["Notruf Vorsorge Jobcenter"]
    assert run(member, "Geiselnahme").hits == []  # a term of a hidden practice finds nothing
