"""``search_index --check`` finds documents missing, stale or orphaned in the index and repairs them."""

import io

import pytest
from django.core.management import CommandError, call_command

from cms.models import PracticePage
from exchange.access import viewer_for
from exchange.forum import services as forum
from search import client as search_client
from search import drain, indexes, queries
from search.check import index_check
from tests.factories import CategoryFactory, practice_publish

pytestmark = pytest.mark.django_db


def indexed_ids(kind):
    client = search_client.get_client()
    client.indices.refresh(index=indexes.read_alias(kind))
    response = client.search(index=indexes.read_alias(kind), size=1000, source=False)
    return sorted(int(hit["_id"]) for hit in response["hits"]["hits"])


def run(*args):
    out = io.StringIO()
    call_command("search_index", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def drifted(practice_index, org, member):
    keep = practice_publish(practice_index, title="Notrufknopf", organisation=org)
    lost = practice_publish(practice_index, title="Hausverbot", organisation=org)
    changed = practice_publish(practice_index, title="Bodycam", organisation=org)
    thread = forum.thread_create(author=member, category=CategoryFactory(), title="Frage", body="Wer weiß?")
    drain.outbox_drain(refresh=True)
    client = search_client.get_client()
    # Behind the application's back: a document deleted, an orphan added, the database changed.
    client.delete(index=indexes.write_alias("practice"), id=str(lost.pk), refresh=True)
    client.index(
        index=indexes.write_alias("practice"),
        id="999999",
        document={"type": "practice", "title": "Geist", "audience": "public"},
        refresh=True,
    )
    PracticePage.objects.filter(pk=changed.pk).update(title="Körperkamera im Streifendienst")
    return {"keep": keep, "lost": lost, "changed": changed, "thread": thread}


def test_dry_run_reports_and_changes_nothing(drifted):
    with pytest.raises(CommandError, match="weichen ab"):
        run("--check", "--dry-run")
    assert 999999 in indexed_ids("practice") and drifted["lost"].pk not in indexed_ids("practice")
    drift = {d.kind: d for d in index_check(repair=False)}
    assert drift["practice"].missing == [drifted["lost"].pk]
    assert drift["practice"].stale == [drifted["changed"].pk]
    assert drift["practice"].orphaned == [999999]
    assert not drift["post"]


def test_check_repairs_the_drift(drifted, member):
    out = run("--check")
    assert "fehlend 1, veraltet 1, verwaist 1 – repariert" in out
    assert "post: 1 in der Datenbank, 1 im Index; fehlend 0, veraltet 0, verwaist 0 – in Ordnung" in out
    assert indexed_ids("practice") == sorted(drifted[k].pk for k in ("keep", "lost", "changed"))
    hits = queries.search(viewer_for(member), "Körperkamera Streifendienst").hits
    assert [h.id for h in hits] == [drifted["changed"].pk]
    assert "in Ordnung" in run("--check", "--dry-run")  # nothing left to repair
    assert not any(index_check(repair=False))


def test_check_builds_a_missing_index(practice_index, org):
    page = practice_publish(practice_index, title="Notrufknopf", organisation=org)  # never drained
    assert index_check(kinds=["practice"], repair=False)[0].missing == [page.pk]
    assert indexes.read_index("practice") == []  # the dry run created nothing
    drifts = index_check(kinds=["practice"])
    assert drifts[0].missing == [page.pk] and drifts[0].repaired
    assert indexed_ids("practice") == [page.pk]


def test_rebuild_shows_progress(practice_index, org):
    practice_publish(practice_index, title="Notrufknopf", organisation=org)
    out = run("--rebuild")
    assert "practice   [##############################] 1/1" in out
    assert "practice: 1 Dokumente indexiert, Alias umgestellt." in out


def test_check_says_when_search_is_away(settings):
    settings.SEARCH = {**settings.SEARCH, "URL": "http://127.0.0.1:9"}
    search_client.reset()
    with pytest.raises(CommandError, match="nicht erreichbar"):
        run("--check")
