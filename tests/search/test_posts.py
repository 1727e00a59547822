"""Post-level search (search.documents.post): a forum hit is the thread's best matching post.

Against the embedded server, with the forum's own services writing: what a reply records and
re-indexes, what a thread-wide change re-indexes, what the page and the API show of a post hit, and
that facet counts count threads (the hits a member sees), not posts.
"""

from __future__ import annotations

import pytest

from exchange.access import viewer_for
from exchange.forum import services as forum
from exchange.models import Post
from search import drain, indexes, outbox, queries
from search.client import get_client
from search.documents import PostDocument
from search.models import OutboxEntry
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(member):
    category = CategoryFactory(name="Erfahrungsaustausch")
    thread = forum.thread_create(
        author=member, category=category, title="Notfallordner im Bürgerbüro", body="Wer hat eine Vorlage?"
    )
    forum.post_create(author=member, thread=thread, body="Wir nutzen den **Notfallordner** der Unfallkasse.")
    forum.post_create(author=member, thread=thread, body="Der Notfallordner liegt bei uns am Empfang.")
    drain.outbox_drain(refresh=True)
    return thread


def indexed_post_ids() -> set[int]:
    client = get_client()
    client.indices.refresh(index=indexes.read_alias("post"))
    response = client.search(index=indexes.read_alias("post"), size=1000, source=False)
    return {int(h["_id"]) for h in response["hits"]["hits"]}


def test_a_reply_records_and_reindexes_only_its_own_post(thread, member):
    other = thread.posts.order_by("pk").last()
    get_client().delete(index=indexes.write_alias("post"), id=str(other.pk), refresh=True)  # a canary
    before = OutboxEntry.objects.count()
    reply = forum.post_create(author=member, thread=thread, body="Nachtrag: Wann prüft ihr die Telefonliste?")
    rows = list(OutboxEntry.objects.order_by("pk").values_list("kind", "object_id")[before:])
    assert rows == [(outbox.POST, reply.pk)]
    drain.outbox_drain(refresh=True)
    ids = indexed_post_ids()
    assert reply.pk in ids and other.pk not in ids  # the thread's other posts were not re-indexed
    (hit,) = queries.search(viewer_for(member), "Telefonliste").hits
    assert (hit.id, hit.post_id) == (thread.pk, reply.pk)


def test_moving_a_thread_reindexes_all_its_posts(thread, member, group_member, working_group, editor):
    closed = CategoryFactory(name="Nur AG")
    closed.working_groups.set([working_group])
    drain.outbox_drain(refresh=True)
    forum.thread_move(actor=editor, thread=thread, category=closed)
    drain.outbox_drain(refresh=True)
    assert queries.search(viewer_for(member), "Empfang").hits == []
    assert queries.search(viewer_for(member), "Notfallordner").count == 0
    hits = queries.search(viewer_for(group_member), "Empfang").hits
    assert [h.id for h in hits] == [thread.pk]


def test_merge_delete_and_hide_leave_no_document_behind(thread, member, editor):
    source = forum.thread_create(
        author=member, category=thread.category, title="Alarmplan", body="Alarmplan mit Sammelpunkt"
    )
    drain.outbox_drain(refresh=True)
    forum.thread_merge(actor=editor, source=source, target=thread)
    drain.outbox_drain(refresh=True)
    (hit,) = queries.search(viewer_for(member), "Sammelpunkt").hits
    assert hit.id == thread.pk and hit.title == "Notfallordner im Bürgerbüro"
    reply = thread.posts.get(body__contains="Empfang")
    forum.post_delete(actor=member, post=reply)
    drain.outbox_drain(refresh=True)
    assert reply.pk not in indexed_post_ids() and queries.search(viewer_for(member), "Empfang").hits == []
    hidden = thread.posts.get(body__contains="Unfallkasse")
    forum.post_hide(actor=editor, post=hidden)
    drain.outbox_drain(refresh=True)
    assert hidden.pk not in indexed_post_ids()
    assert set(indexed_post_ids()) == set(thread.posts.filter(is_hidden=False).values_list("pk", flat=True))


def test_a_thread_wide_reindex_keeps_a_reply_another_drainer_indexed_meanwhile(thread, member):
    """Two drainers: one re-indexes the whole thread and has read its posts; before it sweeps, a reply
    is committed and the other drainer indexes it. The sweep deletes what the thread no longer has
    (here a post hidden in the database, not yet in the index), never that reply."""
    hidden = thread.posts.get(body__contains="Empfang")
    Post.objects.filter(pk=hidden.pk).update(is_hidden=True)  # changed, the index not told yet
    read = {pk for pk, _ in PostDocument.documents(parents={thread.pk})}  # what the first drainer read
    assert hidden.pk not in read and hidden.pk in indexed_post_ids()
    reply = forum.post_create(author=member, thread=thread, body="Nachtrag: der Notfallordner hängt im Flur.")
    drain.outbox_drain(refresh=True)  # the second drainer: the reply's own row
    (index,) = indexes.write_indices("post")
    assert drain.sweep(index, PostDocument, {thread.pk}, keep=read, refresh=True) == []
    assert indexed_post_ids() == read | {reply.pk}


def test_the_page_shows_the_post_its_author_and_how_many_posts_match(thread, member, client):
    client.force_login(member)
    response = client.get("/suche/", {"q": "Notfallordner"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Notfallordner im Bürgerbüro" in html and "3 Beiträge passen" in html
    assert member.display_name in html and "**" not in html
    (hit,) = queries.search(viewer_for(member), "Unfallkasse").hits
    assert hit.url.endswith(f"#beitrag-{hit.post_id}") and hit.matching == 1
    assert "<mark>Unfallkasse</mark>" in hit.snippet and "<strong>" not in hit.snippet


def test_api_returns_the_post_and_counts_threads_not_posts(thread, member, client):
    client.force_login(member)
    body = client.get("/api/search", {"q": "Notfallordner"}).json()
    assert body["count"] == 1
    (hit,) = body["results"]
    assert hit["type"] == "thread" and hit["id"] == thread.pk and hit["matching_posts"] == 3
    assert hit["post_id"] in set(thread.posts.values_list("pk", flat=True))
    assert hit["author"] == member.display_name and hit["url"].endswith(f"#beitrag-{hit['post_id']}")
    assert {v["value"]: v["count"] for v in body["facets"]["type"]} == {"thread": 1}
    assert len(body["facets"]["year"]) == 1 and body["facets"]["year"][0]["count"] == 1
    filtered = client.get("/api/search", {"q": "Notfallordner", "type": "thread"}).json()
    assert filtered["count"] == 1 and len(filtered["results"]) == 1


def test_autocomplete_lists_a_thread_once(thread, member):
    from search.suggest import autocomplete

    completions = autocomplete(viewer_for(member), "Notfallord")
    assert [(c.type, c.id) for c in completions] == [("thread", thread.pk)]


def test_the_links_of_a_result_page_cost_one_query_and_follow_the_thread_pages(
    member, editor, settings, django_assert_num_queries
):
    """Each post hit links to the page of its thread that holds it, as the viewer sees the thread
    (a hidden post counts for moderators only); for a whole result page that is one query, not one
    count per hit."""
    settings.FORUM_POSTS_PER_PAGE = 2
    category = CategoryFactory(name="Austausch")
    threads = []
    for n in range(4):
        thread = forum.thread_create(author=member, category=category, title=f"Thema {n}", body="Frage")
        for m in range(n + 2):
            forum.post_create(author=member, thread=thread, body=f"Antwort {m}")
        threads.append(thread)
    hidden = threads[3].posts.order_by("created_at", "pk")[1]
    forum.post_hide(actor=editor, post=hidden, reason="Test")
    for who in (member, editor):
        viewer = viewer_for(who)
        wanted = {}
        for thread in threads:
            posts = thread.posts.order_by("created_at", "pk")
            seen = [p for p in posts if not p.is_hidden or who == editor]
            for index, post in enumerate(seen):
                page = index // 2 + 1
                anchor = f"/forum/thema/{thread.pk}/" + (f"?seite={page}" if page > 1 else "")
                wanted[post.pk] = f"{anchor}#beitrag-{post.pk}"
        ids = [p.pk for t in threads for p in t.posts.all()]
        with django_assert_num_queries(1):
            details = PostDocument.hit_details(viewer, ids)
        assert {pk: d.url for pk, d in details.items()} == wanted
        assert (hidden.pk in details) is (who == editor)
