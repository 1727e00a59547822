"""Reading: category counts, sorting and pagination, read state with a jump to the first unread post,
the thread page's constant query count, reactions and the solution mark."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from exchange.forum import services as forum_services
from exchange.models import Reaction, ThreadRead

pytestmark = pytest.mark.django_db


def test_category_list_counts_and_last_activity(client, member, partner, open_category, thread, ag_thread):
    forum_services.post_create(author=partner, thread=thread, body="Antwort")
    client.force_login(member)
    html = client.get("/forum/").content.decode()
    assert "1 Thema" in html and "2 Beiträge" in html and "zuletzt aktiv" in html
    assert "AG intern" not in html


def test_sorting_and_unanswered(client, member, partner, open_category):
    old = forum_services.thread_create(author=member, category=open_category, title="Frühe Frage", body="a")
    forum_services.thread_create(author=member, category=open_category, title="Späte Frage", body="b")
    forum_services.post_create(author=partner, thread=old, body="Antwort auf die frühe")
    client.force_login(member)
    base = f"/forum/kategorie/{open_category.slug}/"

    def page(sort):
        return client.get(f"{base}?sortierung={sort}").content.decode()

    html = page("aktivitaet")
    assert html.index("Frühe Frage") < html.index("Späte Frage")
    html = page("neu")
    assert html.index("Späte Frage") < html.index("Frühe Frage")
    html = page("unbeantwortet")
    assert "Späte Frage" in html and "Frühe Frage" not in html
    assert "Späte Frage" in page("quatsch")  # unknown sort falls back


def test_thread_list_paginates(client, member, open_category, settings):
    settings.FORUM_THREADS_PER_PAGE = 2
    for i in range(5):
        forum_services.thread_create(
            author=member, category=open_category, title=f"Thema Nummer {i}", body="x"
        )
    client.force_login(member)
    first = client.get(f"/forum/kategorie/{open_category.slug}/").content.decode()
    last = client.get(f"/forum/kategorie/{open_category.slug}/?sortierung=neu&seite=3").content.decode()
    assert "Seite 1 von 3" in first and "Thema Nummer 4" in first and "Thema Nummer 0" not in first
    assert "Thema Nummer 0" in last
    # the page links keep the chosen sorting
    assert 'href="?sortierung=neu&amp;seite=2" rel="prev"' in last
    assert 'href="?sortierung=aktivitaet&amp;seite=2" rel="next"' in first


def test_pinned_threads_first(client, member, editor, open_category):
    pinned = forum_services.thread_create(
        author=member, category=open_category, title="Bitte zuerst lesen", body="x"
    )
    forum_services.thread_create(author=member, category=open_category, title="Später gekommen", body="y")
    forum_services.thread_pin(actor=editor, thread=pinned, pinned=True)
    client.force_login(member)
    html = client.get(f"/forum/kategorie/{open_category.slug}/").content.decode()
    assert html.index("Bitte zuerst lesen") < html.index("Später gekommen")


def test_read_state_and_jump_to_first_unread(client, member, partner, thread, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    client.force_login(partner)
    client.get(f"/forum/thema/{thread.pk}/")  # partner has read the first post
    first = thread.posts.get()
    assert ThreadRead.objects.get(user=partner, thread=thread).last_read_post_id == first.pk
    replies = [
        forum_services.post_create(author=member, thread=thread, body=f"Antwort {i}") for i in range(3)
    ]
    listing = client.get(f"/forum/kategorie/{thread.category.slug}/").content.decode()
    assert "zum ersten ungelesenen Beitrag" in listing
    response = client.get(f"/forum/thema/{thread.pk}/ungelesen/")
    assert response["Location"] == f"/forum/thema/{thread.pk}/#beitrag-{replies[0].pk}"
    client.get(f"/forum/thema/{thread.pk}/")  # page 1: first post and reply 0
    response = client.get(f"/forum/thema/{thread.pk}/ungelesen/")
    assert response["Location"] == f"/forum/thema/{thread.pk}/?seite=2#beitrag-{replies[1].pk}"
    client.get(f"/forum/thema/{thread.pk}/?seite=2")
    client.get(f"/forum/thema/{thread.pk}/?seite=1")  # going back never moves the mark backwards
    assert ThreadRead.objects.get(user=partner, thread=thread).last_read_post_id == replies[2].pk
    listing = client.get(f"/forum/kategorie/{thread.category.slug}/").content.decode()
    assert "zum ersten ungelesenen Beitrag" not in listing


def _thread_page_queries(client, thread_pk):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/forum/thema/{thread_pk}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_thread_page_query_count_does_not_grow_with_posts(client, member, partner, editor, open_category):
    """5 posts and 50 posts (with attachments, reactions, revisions) cost the same queries."""
    from tests.exchange.forum.files import PDF, upload

    def build(n):
        thread = forum_services.thread_create(
            author=member, category=open_category, title=f"{n} Beiträge", body="Start"
        )
        for i in range(n - 1):
            post = forum_services.post_create(
                author=partner, thread=thread, body=f"Antwort {i}", attachments=[upload("a.pdf", PDF)]
            )
            forum_services.reaction_toggle(user=member, post=post)
            forum_services.post_edit(actor=partner, post=post, body=f"Antwort {i} (korrigiert)")
        return thread

    small, large = build(5), build(50)
    for user in (member, editor):
        client.force_login(user)
        _thread_page_queries(client, small.pk)  # the read mark exists from now on, as it would
        _thread_page_queries(client, large.pk)
        small_count, large_count = (
            _thread_page_queries(client, small.pk),
            _thread_page_queries(client, large.pk),
        )
        print(f"thread page queries for {user.email}: 5 posts={small_count}, 50 posts={large_count}")
        assert small_count == large_count


def test_reactions_toggle_one_per_member(client, member, partner, thread):
    reply = forum_services.post_create(author=partner, thread=thread, body="Hilft das?")
    client.force_login(member)
    client.post(f"/forum/beitrag/{reply.pk}/hilfreich/")
    assert Reaction.objects.filter(post=reply, user=member).count() == 1
    assert "1× hilfreich" in client.get(f"/forum/thema/{thread.pk}/").content.decode()
    client.post(f"/forum/beitrag/{reply.pk}/hilfreich/")
    assert not Reaction.objects.exists()
    client.force_login(partner)
    client.post(f"/forum/beitrag/{reply.pk}/hilfreich/")  # not one's own post
    assert not Reaction.objects.exists()


def test_reaction_unique_in_database(member, partner, thread):
    reply = forum_services.post_create(author=partner, thread=thread, body="Hilft das?")
    Reaction.objects.create(post=reply, user=member)
    with pytest.raises(IntegrityError):
        Reaction.objects.create(post=reply, user=member)


def test_solution_by_author_or_moderator_only(client, member, partner, editor, thread):
    first = thread.posts.get()
    answer = forum_services.post_create(author=partner, thread=thread, body="So geht es.")
    other = forum_services.post_create(author=editor, thread=thread, body="Oder so.")
    client.force_login(partner)  # not the thread's author
    assert client.post(f"/forum/beitrag/{answer.pk}/loesung/").status_code == 403
    client.force_login(member)
    client.post(f"/forum/beitrag/{first.pk}/loesung/")  # the question is no answer
    thread.refresh_from_db()
    assert thread.solution_id is None
    client.post(f"/forum/beitrag/{answer.pk}/loesung/")
    thread.refresh_from_db()
    assert thread.solution_id == answer.pk
    client.force_login(editor)
    client.post(f"/forum/beitrag/{other.pk}/loesung/")  # one per thread: replaces
    thread.refresh_from_db()
    assert thread.solution_id == other.pk
    html = client.get(f"/forum/kategorie/{thread.category.slug}/").content.decode()
    assert "gelöst" in html


def test_the_thread_page_offers_what_permissions_allow_per_post(client, member, partner, editor, thread):
    """The template shows the flags the view computed: the question cannot be deleted nor be its own
    solution, a hidden reply is no solution, and only moderators reach the reports."""
    first = thread.posts.get()
    reply = forum_services.post_create(author=member, thread=thread, body="Nachtrag")
    answer = forum_services.post_create(author=partner, thread=thread, body="Antwort")
    hidden = forum_services.post_create(author=partner, thread=thread, body="Wird ausgeblendet")
    forum_services.post_hide(actor=editor, post=hidden)
    client.force_login(member)  # the thread's author
    html = client.get(f"/forum/thema/{thread.pk}/").content.decode()
    assert f"/forum/beitrag/{reply.pk}/loeschen/" in html
    assert f"/forum/beitrag/{first.pk}/loeschen/" not in html
    assert f"/forum/beitrag/{answer.pk}/loesung/" in html
    assert f"/forum/beitrag/{first.pk}/loesung/" not in html
    assert "/forum/moderation/" not in client.get("/forum/").content.decode()
    client.force_login(editor)
    html = client.get(f"/forum/thema/{thread.pk}/").content.decode()
    assert f"/forum/beitrag/{hidden.pk}/moderation/" in html  # moderators see the hidden post ...
    assert f"/forum/beitrag/{hidden.pk}/loesung/" not in html  # ... but it is no solution
    assert f"/forum/beitrag/{answer.pk}/loesung/" in html
    assert "/forum/moderation/" in client.get("/forum/").content.decode()
