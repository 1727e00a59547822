"""The search server stops answering, or dies, while members write.

During the fault: writes succeed (their outbox rows wait), the search page says in German that search
is unavailable (503), other pages work, /api/health reports ``degraded``. After it: the sweep (after
a pause) or the documented rebuild (after a crash: osmem keeps its data in memory only) make the
index equal the database, compared id by id for every kind.
"""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.db import connections
from django.urls import reverse, reverse_lazy

from search import drain, indexes, rebuild
from search.client import SearchUnavailable
from search.models import OutboxEntry
from tests.factories import practice_publish

from .harness import index_equals_database, search_at

pytestmark = pytest.mark.django_db(transaction=True)

# A test of a request during a fault must not hang the suite; this bound is a hang guard, not a
# performance figure (the search client times out after SEARCH["TIMEOUT"], set low below).
HANG_GUARD = 30.0


def publish_practice(ctx, n):
    return practice_publish(ctx["index"], title=f"Praxisbeispiel Deeskalation {n}", organisation=ctx["org"])


def create_post(ctx, n):
    from exchange.forum.services import post_create

    return post_create(author=ctx["member"], thread=ctx["thread"], body=f"Antwort {n} während des Ausfalls")


def create_thread(ctx, n):
    from exchange.forum.services import thread_create

    return thread_create(
        author=ctx["member"], category=ctx["category"], title=f"Neues Thema {n}", body="Text des Themas"
    )


def reply_through_the_page(ctx, n):
    from django.test import Client
    from django.utils import timezone

    from exchange.models import Post, User

    # an established member: the other writes above already used up a new account's posts per minute
    User.objects.filter(pk=ctx["member"].pk).update(date_joined=timezone.now() - timezone.timedelta(days=90))
    web = Client()
    web.force_login(ctx["member"])
    url = reverse("forum-post-reply", kwargs={"pk": ctx["thread"].pk})
    response = web.post(url, {"body": f"Antwort {n} über das Formular"})
    assert response.status_code == 302, response.status_code  # saved, on to the new post
    return Post.objects.filter(thread=ctx["thread"], body=f"Antwort {n} über das Formular").get()


# Writes members make while the search server is away.
WRITES = [publish_practice, create_post, create_thread, reply_through_the_page]

# Pages a member is waiting for that do not need search; they must keep answering 200.
PAGES = [
    lambda ctx: reverse("members-home"),
    lambda ctx: reverse("forum-index"),
    lambda ctx: reverse("forum-category", kwargs={"slug": ctx["category"].slug}),
    lambda ctx: reverse("notifications"),
    lambda ctx: reverse("forum-thread", kwargs={"pk": ctx["thread"].pk}),
    lambda ctx: ctx["practice"].url,
]


# Where a member waits for search: a clear "nicht verfügbar" with 503 while the server is away.
SEARCH_UNAVAILABLE = [reverse_lazy("search"), "/api/search", "/api/search/autocomplete"]


def within_guard(call):
    """Run ``call`` in a thread; fail (instead of hanging) when it does not return in time."""
    result: dict = {}

    def run():
        try:
            result["value"] = call()
        except BaseException as exc:  # re-raised below in the test's thread
            result["error"] = exc
        finally:
            connections.close_all()  # this thread's own database connection

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD)
    assert not worker.is_alive(), "the request hung while the search server was away"
    if "error" in result:
        raise result["error"]
    return result["value"]


@pytest.fixture
def ctx(osmem, settings, practice_index, org, member, forum):
    with search_at(settings, osmem, timeout=0.5):
        rebuild.index_rebuild()
        practice = practice_publish(practice_index, title="Hausverbot konsequent umsetzen", organisation=org)
        drain.outbox_drain(refresh=True)
        assert index_equals_database() == {}
        category, thread = forum
        yield {
            "index": practice_index,
            "org": org,
            "member": member,
            "category": category,
            "thread": thread,
            "practice": practice,
            "osmem": osmem,
        }


def test_paused_search_server_keeps_writes_and_pages_working_and_sweep_catches_up(client, ctx):
    osmem = ctx["osmem"]
    client.force_login(ctx["member"])
    pending_before = drain.outbox_pending_count()
    osmem.pause()
    try:
        written = [within_guard(lambda w=write, n=n: w(ctx, n)) for n, write in enumerate(WRITES)]
        assert all(obj.pk for obj in written)
        # the drain that ran after each commit could not reach the server: the work waits in the outbox
        assert drain.outbox_pending_count() >= pending_before + len(WRITES)

        for url in SEARCH_UNAVAILABLE:
            response = within_guard(lambda u=url: client.get(u, {"q": "Deeskalation"}))
            assert response.status_code == 503, url
            is_json = response["Content-Type"].startswith("application/json")
            text = response.json()["detail"] if is_json else response.content.decode()
            assert "nicht verfügbar" in text, url

        health = within_guard(lambda: client.get("/api/health"))
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
        assert health.json()["search"]["ok"] is False

        for page in PAGES:
            url = page(ctx)
            assert within_guard(lambda u=url: client.get(u)).status_code == 200, url

        with pytest.raises(SearchUnavailable):
            drain.outbox_drain()  # what the worker's drain meets: rows stay pending, no row is lost
        assert drain.outbox_pending_count() >= len(WRITES)
    finally:
        osmem.resume()

    from search.tasks import sweep_outbox

    assert sweep_outbox.delay().get() >= len(WRITES)  # the beat task (eager here) finds the rows
    assert drain.outbox_pending_count() == 0
    assert index_equals_database() == {}
    response = client.get(reverse("search"), {"q": "Ausfalls"})
    assert response.status_code == 200
    assert "Deeskalation am Schalter" in response.content.decode()


def test_killed_search_server_loses_its_data_and_the_rebuild_restores_it(client, ctx):
    osmem = ctx["osmem"]
    osmem.kill()
    written = [write(ctx, n) for n, write in enumerate(WRITES)]
    assert all(obj.pk for obj in written)
    assert OutboxEntry.objects.filter(processed_at__isnull=True).count() >= len(WRITES)

    osmem.start()  # same address, empty: osmem keeps everything in memory
    assert indexes.write_indices("practice") == []

    call_command("search_index", "--rebuild")  # the documented recovery (README, search_index --help)
    assert index_equals_database() == {}
    assert drain.outbox_pending_count() == 0
    client.force_login(ctx["member"])
    response = client.get(reverse("search"), {"q": "Ausfalls"})
    assert response.status_code == 200
    assert "Deeskalation am Schalter" in response.content.decode()  # the thread holding the new post
