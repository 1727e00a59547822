"""Moderation: flags and the queue, hide/restore, lock, pin, move, merge, notes; the audit log; and
what search shows afterwards (through the real outbox and the embedded search server)."""

import pytest
from django.core.exceptions import PermissionDenied

from exchange.access import viewer_for
from exchange.forum import services as forum_services
from exchange.models import AuditEvent, Flag, ModerationNote, Post, Thread
from search import queries
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def kinds():
    """Forum events only (editors made in tests get an MFA event, force_login a login event)."""
    events = AuditEvent.objects.exclude(kind__in=["mfa_activated", "login"]).order_by("id")
    return list(events.values_list("kind", flat=True))


def test_flag_reaches_the_queue_and_hide_removes_it_for_members(client, member, partner, editor, thread):
    reply = forum_services.post_create(author=partner, thread=thread, body="Beleidigender Text")
    client.force_login(member)
    response = client.post(f"/forum/beitrag/{reply.pk}/melden/", {"reason": "Beleidigung"})
    assert response.status_code == 302
    assert Flag.objects.get().reason == "Beleidigung"
    client.post(f"/forum/beitrag/{reply.pk}/melden/", {"reason": "nochmal"})
    assert Flag.objects.count() == 1  # one open report per member

    assert client.get("/forum/moderation/").status_code == 403
    client.force_login(editor)
    queue = client.get("/forum/moderation/").content.decode()
    assert "Beleidigender Text" in queue and "Beleidigung" in queue
    client.post(
        f"/forum/beitrag/{reply.pk}/moderation/",
        {"aktion": "ausblenden", "reason": "Verstoß", "zurueck": "warteschlange"},
    )
    reply.refresh_from_db()
    assert reply.is_hidden and reply.hidden_by == editor
    assert "Beleidigender Text" not in client.get("/forum/moderation/").content.decode()  # flags closed
    assert "Beleidigender Text" in client.get(f"/forum/thema/{thread.pk}/").content.decode()  # editors see it
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.POST_HIDDEN)
    assert event.actor == editor and event.subject == partner and event.detail["reason"] == "Verstoß"

    client.force_login(member)
    assert "Beleidigender Text" not in client.get(f"/forum/thema/{thread.pk}/").content.decode()
    assert client.get(f"/forum/beitrag/{reply.pk}/").status_code == 404
    thread.refresh_from_db()
    assert thread.post_count == 1

    client.force_login(editor)
    client.post(f"/forum/beitrag/{reply.pk}/moderation/", {"aktion": "wiederherstellen"})
    client.force_login(member)
    assert "Beleidigender Text" in client.get(f"/forum/thema/{thread.pk}/").content.decode()
    assert AuditEvent.Kind.POST_RESTORED in kinds()


def test_members_cannot_moderate(client, member, partner, thread):
    reply = forum_services.post_create(author=partner, thread=thread, body="x")
    client.force_login(member)
    assert client.post(f"/forum/beitrag/{reply.pk}/moderation/", {"aktion": "ausblenden"}).status_code == 403
    assert client.post(f"/forum/thema/{thread.pk}/moderation/", {"aktion": "sperren"}).status_code == 403
    with pytest.raises(PermissionDenied):
        forum_services.post_hide(actor=member, post=reply)
    with pytest.raises(PermissionDenied):
        forum_services.thread_move(actor=member, thread=thread, category=CategoryFactory(name="Anderswo"))
    reply.refresh_from_db()
    assert not reply.is_hidden


def test_lock_pin_note_through_the_page(client, editor, thread):
    client.force_login(editor)
    base = f"/forum/thema/{thread.pk}/moderation/"
    assert client.get(base).status_code == 200
    client.post(base, {"aktion": "sperren"})
    client.post(base, {"aktion": "anheften"})
    client.post(base, {"aktion": "notiz", "text": "Mit dem Autor telefoniert."})
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned
    assert ModerationNote.objects.get().text == "Mit dem Autor telefoniert."
    assert "Mit dem Autor telefoniert." in client.get(base).content.decode()
    client.post(base, {"aktion": "entsperren"})
    thread.refresh_from_db()
    assert not thread.is_locked
    assert kinds() == [
        AuditEvent.Kind.THREAD_LOCKED,
        AuditEvent.Kind.THREAD_PINNED,
        AuditEvent.Kind.MODERATION_NOTE,
        AuditEvent.Kind.THREAD_UNLOCKED,
    ]
    assert client.post(base, {"aktion": "unsinn"}).status_code == 400


def test_move_into_restricted_category(client, member, editor, thread, ag_category):
    client.force_login(editor)
    client.post(
        f"/forum/thema/{thread.pk}/moderation/", {"aktion": "verschieben", "category": ag_category.pk}
    )
    thread.refresh_from_db()
    assert thread.category == ag_category
    assert (
        AuditEvent.objects.get(kind=AuditEvent.Kind.THREAD_MOVED).detail["to_category_id"] == ag_category.pk
    )
    client.force_login(member)
    assert client.get(f"/forum/thema/{thread.pk}/").status_code == 404


def test_merge_moves_posts_and_deletes_source(client, member, partner, editor, open_category):
    target = forum_services.thread_create(
        author=member, category=open_category, title="Ziel", body="Zielfrage"
    )
    source = forum_services.thread_create(
        author=partner, category=open_category, title="Doppelt", body="Gleiche Frage"
    )
    forum_services.post_create(author=member, thread=source, body="Antwort im Duplikat")
    forum_services.moderation_note_create(actor=editor, thread=source, text="Duplikat von Ziel")
    client.force_login(editor)
    response = client.post(
        f"/forum/thema/{source.pk}/moderation/", {"aktion": "zusammenfuehren", "target": target.pk}
    )
    assert response["Location"] == f"/forum/thema/{target.pk}/"
    assert not Thread.objects.filter(pk=source.pk).exists()
    target.refresh_from_db()
    assert target.post_count == 3
    assert list(target.posts.values_list("body", flat=True)) == [
        "Zielfrage",
        "Gleiche Frage",
        "Antwort im Duplikat",
    ]
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.THREAD_MERGED).detail["source_id"] == source.pk
    assert list(target.moderation_notes.values_list("text", flat=True)) == ["Duplikat von Ziel"]
    response = client.post(
        f"/forum/thema/{target.pk}/moderation/", {"aktion": "zusammenfuehren", "target": target.pk}
    )
    assert "nicht mit sich selbst" in response.content.decode()
    response = client.post(
        f"/forum/thema/{target.pk}/moderation/", {"aktion": "zusammenfuehren", "target": 99999}
    )
    assert "gibt es nicht" in response.content.decode()


def test_hidden_post_vanishes_from_search(
    member, partner, editor, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = forum_services.post_create(
            author=partner, thread=thread, body="Zwiebelkuchenrezept vertraulich"
        )
    assert [h.title for h in queries.search(viewer_for(member), "Zwiebelkuchenrezept").hits] == [thread.title]
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_hide(actor=editor, post=reply, reason="privat")
    assert queries.search(viewer_for(member), "Zwiebelkuchenrezept").hits == []
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_restore(actor=editor, post=reply)
    assert len(queries.search(viewer_for(member), "Zwiebelkuchenrezept").hits) == 1


def test_edit_reaches_search(member, thread, django_capture_on_commit_callbacks):
    post = thread.posts.get()
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_edit(actor=member, post=post, body="Jetzt geht es um Deeskalationsfortbildung")
    assert len(queries.search(viewer_for(member), "Deeskalationsfortbildung").hits) == 1


def test_category_restriction_hides_threads_from_search(
    member, group_member, working_group, open_category, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_create(author=member, thread=thread, body="Kennzeichnungsschilder bestellt")
    assert len(queries.search(viewer_for(member), "Kennzeichnungsschilder").hits) == 1
    with django_capture_on_commit_callbacks(execute=True):
        open_category.working_groups.add(working_group)  # signal on the m2m -> outbox
    assert queries.search(viewer_for(member), "Kennzeichnungsschilder").hits == []
    assert len(queries.search(viewer_for(group_member), "Kennzeichnungsschilder").hits) == 1
    with django_capture_on_commit_callbacks(execute=True):
        open_category.working_groups.clear()
    assert len(queries.search(viewer_for(member), "Kennzeichnungsschilder").hits) == 1


def test_move_and_merge_reach_search(
    member, group_member, editor, open_category, ag_category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = forum_services.thread_create(
            author=member, category=open_category, title="Alarmierungsplan A", body="x"
        )
        b = forum_services.thread_create(
            author=member, category=open_category, title="Alarmierungsplan B", body="y"
        )
    assert len(queries.search(viewer_for(member), "Alarmierungsplan").hits) == 2
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.thread_merge(actor=editor, source=b, target=a)
    assert [h.title for h in queries.search(viewer_for(member), "Alarmierungsplan").hits] == [
        "Alarmierungsplan A"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.thread_move(actor=editor, thread=a, category=ag_category)
    assert queries.search(viewer_for(member), "Alarmierungsplan").hits == []
    assert len(queries.search(viewer_for(group_member), "Alarmierungsplan").hits) == 1
    assert Post.objects.filter(thread=a).count() == 2


def test_data_export_lists_own_reactions_and_reports(client, member, partner, thread):
    reply = forum_services.post_create(author=partner, thread=thread, body="Antwort")
    forum_services.reaction_toggle(user=member, post=reply)
    forum_services.flag_create(reporter=member, post=reply, reason="Bitte prüfen")
    client.force_login(member)
    data = client.get("/profil/daten.json").json()
    assert [r["beitrag_id"] for r in data["hilfreich_markiert"]] == [reply.pk]
    assert data["meldungen"][0]["grund"] == "Bitte prüfen"
