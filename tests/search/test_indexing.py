"""Indexing through the outbox against the embedded search server, and searching the result."""

import pytest
from django.core.management import call_command

from exchange.access import viewer_for
from exchange.forum import services as forum
from exchange.forum.selectors import posts_for_thread_page
from search import client as search_client
from search import drain, indexes, outbox, queries, rebuild
from search.client import SearchUnavailable
from search.documents import DOCUMENTS, PARENTS, PostDocument
from search.models import OutboxEntry
from search.tasks import drain_outbox
from tests.factories import CategoryFactory, practice_publish

pytestmark = pytest.mark.django_db


def titles(user, q):
    return [hit.title for hit in queries.search(viewer_for(user), q).hits]


def indexed_ids(kind):
    client = search_client.get_client()
    client.indices.refresh(index=indexes.read_alias(kind))
    response = client.search(index=indexes.read_alias(kind), size=1000, source=False)
    return sorted(int(hit["_id"]) for hit in response["hits"]["hits"])


def test_publish_is_searchable_after_commit(practice_index, org, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = practice_publish(
            practice_index,
            title="Kennzeichnung von Schulen",
            organisation=org,
            summary="Orientierungsschilder helfen Einsatzkräften.",
        )
    assert not OutboxEntry.objects.filter(processed_at__isnull=True).exists()
    assert indexed_ids("practice") == [page.pk]
    # German inflection through the built-in analyzer: "Schule" finds "Schulen".
    assert titles(member, "Schule") == ["Kennzeichnung von Schulen"]


def test_unpublish_and_delete_leave_the_index(practice_index, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        keep = practice_publish(practice_index, title="Bleibt", organisation=org)
        gone = practice_publish(practice_index, title="Wird zurückgezogen", organisation=org)
        deleted = practice_publish(practice_index, title="Wird gelöscht", organisation=org)
    with django_capture_on_commit_callbacks(execute=True):
        gone.unpublish()
        deleted.delete()
    assert indexed_ids("practice") == [keep.pk]


def test_nothing_is_lost_while_search_is_down(
    practice_index, org, member, settings, search_clone, django_capture_on_commit_callbacks
):
    settings.SEARCH = {**settings.SEARCH, "URL": "http://127.0.0.1:9"}  # search server away
    search_client.reset()
    with django_capture_on_commit_callbacks(execute=True):
        page = practice_publish(practice_index, title="Deeskalationstraining", organisation=org)
    assert page.live  # the write succeeded
    assert OutboxEntry.objects.filter(processed_at__isnull=True, object_id=page.pk).exists()
    with pytest.raises(SearchUnavailable):
        queries.search(viewer_for(member), "Training")

    settings.SEARCH = {**settings.SEARCH, "URL": search_clone.url}  # back again
    search_client.reset()
    call_command("search_index", "--drain")
    assert indexed_ids("practice") == [page.pk]
    assert drain.outbox_pending_count() == 0


def test_drain_is_idempotent(practice_index, org):
    page = practice_publish(practice_index, title="Doppelbesetzung", organisation=org)
    outbox.record(outbox.PRACTICE, [page.pk])
    assert drain.outbox_drain() >= 1
    outbox.record(outbox.PRACTICE, [page.pk])
    drain.outbox_drain()
    assert indexed_ids("practice") == [page.pk]


def test_rebuild_swaps_alias_and_keeps_changes_made_meanwhile(practice_index, org, member):
    first = practice_publish(practice_index, title="Notrufknopf", organisation=org)
    drain.outbox_drain()
    old = indexes.read_index("practice")
    category = CategoryFactory(name="Allgemein")
    made_during = []

    def progress(kind, done, total):
        if kind == "post" and not made_during:  # a member posts while the rebuild runs
            made_during.append(
                forum.thread_create(
                    author=member,
                    category=category,
                    title="Hausverbot",
                    body="Wie setzt ihr ein Hausverbot durch?",
                )
            )

    counts = rebuild.index_rebuild(progress=progress)
    assert counts["practice"] == 1
    new = indexes.read_index("practice")
    assert len(new) == 1 and new != old
    assert indexes.write_indices("practice") == new
    assert not search_client.get_client().indices.exists(index=old[0])
    assert indexed_ids("practice") == [first.pk]
    assert indexed_ids("post") == [made_during[0].posts.get().pk]


def test_search_never_returns_what_the_viewer_may_not_see(
    practice_index, org, member, group_member, working_group, client
):
    practice_publish(
        practice_index,
        title="Interne Vorfallkategorien",
        organisation=org,
        audience="groups",
        groups=[working_group],
        summary="Vertraulicher Entwurf der AG zu Vorfallkategorien.",
    )
    practice_publish(
        practice_index,
        title="Öffentliche Vorfallkategorien",
        organisation=org,
        audience="public",
        summary="Vorfallkategorien für alle.",
    )
    drain.outbox_drain(refresh=True)
    assert titles(member, "Vorfallkategorien") == ["Öffentliche Vorfallkategorien"]
    assert sorted(titles(group_member, "Vorfallkategorien")) == [
        "Interne Vorfallkategorien",
        "Öffentliche Vorfallkategorien",
    ]
    client.force_login(member)
    html = client.get("/suche/", {"q": "Vertraulicher Entwurf"}).content.decode()
    assert "Keine Treffer" in html
    assert "Interne Vorfallkategorien" not in html


def test_snippets_escape_stored_text(practice_index, org, member):
    practice_publish(
        practice_index,
        title="Meldesystem",
        organisation=org,
        summary="<script>alert(1)</script> Meldesystem für Übergriffe",
    )
    drain.outbox_drain(refresh=True)
    hit = queries.search(viewer_for(member), "Meldesystem").hits[0]
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>Meldesystem</mark>" in hit.snippet


def test_search_page_says_when_search_is_unavailable(client, member, settings):
    settings.SEARCH = {**settings.SEARCH, "URL": "http://127.0.0.1:9"}
    search_client.reset()
    client.force_login(member)
    response = client.get("/suche/", {"q": "Schule"})
    assert response.status_code == 503
    assert "Die Suche ist gerade nicht verfügbar" in response.content.decode()
    assert client.get("/mitgliederbereich/").status_code == 200


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x01", "a" * 5000, '"(((*:*', "Schule AND OR NOT ~ ^ {}"])
def test_odd_queries_are_harmless(client, member, raw):
    client.force_login(member)
    assert client.get("/suche/", {"q": raw}).status_code == 200


def test_indexing_task_survives_a_lost_worker():
    # A worker killed mid-task must not lose the message: acknowledged only after the work is done.
    assert drain_outbox.acks_late is True
    assert drain_outbox.reject_on_worker_lost is True


def test_hidden_posts_never_reach_the_index(member):
    from exchange.models import Post

    category = CategoryFactory(name="Moderiert")
    thread = forum.thread_create(author=member, category=category, title="Frage", body="Erster Beitrag")
    reply = forum.post_create(author=member, thread=thread, body="Beleidigender Ausrutscher Quatschwort")
    drain.outbox_drain(refresh=True)
    assert [h.id for h in queries.search(viewer_for(member), "Quatschwort").hits] == [thread.pk]
    Post.objects.filter(pk=reply.pk).update(is_hidden=True)  # what moderation does, then records
    outbox.record(outbox.THREAD, [thread.pk])
    drain.outbox_drain(refresh=True)
    assert queries.search(viewer_for(member), "Quatschwort").hits == []
    assert [h.id for h in queries.search(viewer_for(member), "Beitrag").hits] == [thread.pk]


def test_every_kind_the_outbox_records_has_one_document_class():
    assert sorted([*DOCUMENTS, *PARENTS]) == sorted(outbox.KINDS)
    assert {outbox.THREAD: PostDocument} == PARENTS  # a thread row re-indexes all its posts
    for kind, document in DOCUMENTS.items():
        assert document.kind == kind
        assert "audience" in document._doc_type.mapping.to_dict()["properties"]


def test_the_post_documents_are_what_the_forum_shows_its_readers(member, editor):
    """The forum's rules decide what the index leaves out: moderation hides posts, and a hidden post
    has no document. Every visible post is one, with its thread's title; the first visible post
    is the opening one (its text weighs as a summary). A thread whose every post is hidden has
    nothing to read for members and is not found (decision: no title-only document)."""
    category = CategoryFactory(name="Moderiert")
    thread = forum.thread_create(
        author=member, category=category, title="Zutritt", body="Eröffnung mit Quatschwort"
    )
    answer = forum.post_create(author=member, thread=thread, body="Sachliche **Antwort**")
    later = forum.post_create(author=member, thread=thread, body="Nachtrag")
    first = thread.posts.order_by("created_at", "id").first()
    forum.post_hide(actor=editor, post=first)
    quiet = forum.thread_create(
        author=member, category=category, title="Alles ausgeblendet", body="Nur Quatsch"
    )
    forum.post_hide(actor=editor, post=quiet.posts.get())

    assert sorted(PostDocument.get_queryset().values_list("pk", flat=True)) == [answer.pk, later.pk]
    documents = dict(PostDocument.documents())
    shown = [p.pk for p in posts_for_thread_page(viewer_for(member), thread)]  # the thread page
    assert sorted(documents) == sorted(shown)
    assert documents[answer.pk]["title"] == documents[later.pk]["title"] == "Zutritt"
    assert documents[answer.pk]["summary"] == "Sachliche Antwort" and documents[answer.pk]["opening"]
    assert documents[later.pk]["body"] == "Nachtrag" and not documents[later.pk]["opening"]
    assert documents[later.pk]["group"] == documents[answer.pk]["group"] == f"thread-{thread.pk}"
    drain.outbox_drain(refresh=True)
    assert queries.search(viewer_for(member), "Quatschwort").hits == []
    assert queries.search(viewer_for(member), "ausgeblendet").hits == []
    assert [h.post_id for h in queries.search(viewer_for(member), "Nachtrag").hits] == [later.pk]
