"""Writing in the browser without JavaScript: new thread, reply, quote, edit, preview, privacy hint,
the discussion of a best practice."""

import pytest

from exchange.forum import services as forum_services
from exchange.models import Post, PostRevision, Thread
from tests.factories import CategoryFactory, practice_publish, term

pytestmark = pytest.mark.django_db


def test_new_thread_with_tags_and_practice(client, member, org, open_category, practice_index):
    page = practice_publish(practice_index, title="Gütersloher Modell", organisation=org)
    phase = term("phase", "Vorsorge")
    client.force_login(member)
    form = client.get(f"/forum/kategorie/{open_category.slug}/neu/")
    assert form.status_code == 200
    assert "Vorsorge" in form.content.decode()
    response = client.post(
        f"/forum/kategorie/{open_category.slug}/neu/",
        {
            "title": "Schulen kennzeichnen",
            "body": "Wer hat **Erfahrung**?",
            "tags": [phase.pk],
            "practice": page.pk,
        },
    )
    thread = Thread.objects.get(title="Schulen kennzeichnen")
    assert response.status_code == 302
    assert response["Location"] == f"/forum/thema/{thread.pk}/"
    assert list(thread.tags.all()) == [phase]
    assert thread.practice_id == page.pk
    html = client.get(response["Location"]).content.decode()
    assert "<strong>Erfahrung</strong>" in html
    assert "Gütersloher Modell" in html and "Vorsorge" in html


def test_form_keeps_input_on_error(client, member, open_category):
    client.force_login(member)
    response = client.post(
        f"/forum/kategorie/{open_category.slug}/neu/", {"title": "", "body": "Mein Text bleibt"}
    )
    assert response.status_code == 400
    assert "Mein Text bleibt" in response.content.decode()
    assert not Thread.objects.exists()


def test_preview_renders_sanitised_and_saves_nothing(client, member, thread):
    client.force_login(member)
    response = client.post(
        f"/forum/thema/{thread.pk}/antworten/",
        {"body": "**fett** <script>alert(1)</script>", "vorschau": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>fett</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert "**fett**" in html  # the textarea keeps what was typed
    assert thread.posts.count() == 1


def test_reply_and_quote(client, member, partner, thread):
    client.force_login(partner)
    first = thread.posts.get()
    form = client.get(f"/forum/thema/{thread.pk}/antworten/?zitat={first.pk}").content.decode()
    assert "&gt; **Erika Muster** schrieb:" in form
    assert "&gt; Wie habt ihr das gemacht?" in form
    response = client.post(
        f"/forum/thema/{thread.pk}/antworten/", {"body": "> Wie habt ihr das gemacht?\n\nMit Geduld."}
    )
    reply = Post.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#beitrag-{reply.pk}")
    assert "<blockquote>" in reply.body_html
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_quote_of_post_from_another_thread_is_ignored(client, member, group_member, thread, ag_thread):
    client.force_login(member)
    secret = ag_thread.posts.get()
    form = client.get(f"/forum/thema/{thread.pk}/antworten/?zitat={secret.pk}").content.decode()
    assert "Geheimer AG-Text" not in form


def test_edit_keeps_history_for_moderators(client, member, partner, editor, thread):
    post = thread.posts.get()
    client.force_login(partner)
    assert client.get(f"/forum/beitrag/{post.pk}/bearbeiten/").status_code == 403
    client.force_login(member)
    response = client.post(f"/forum/beitrag/{post.pk}/bearbeiten/", {"body": "Neue Fassung"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Neue Fassung" and post.edited_at is not None
    assert list(PostRevision.objects.values_list("body", flat=True)) == ["Wie habt ihr das gemacht?"]
    assert "bearbeitet" in client.get(f"/forum/thema/{thread.pk}/").content.decode()
    assert client.get(f"/forum/beitrag/{post.pk}/verlauf/").status_code == 403
    client.force_login(editor)
    history = client.get(f"/forum/beitrag/{post.pk}/verlauf/")
    assert history.status_code == 200
    assert "Wie habt ihr das gemacht?" in history.content.decode()


def test_privacy_hint_asks_then_member_may_post(client, member, thread):
    client.force_login(member)
    text = "Der Täter Max Mustermann (12.03.1985) wohnt Hauptstraße 12."
    response = client.post(f"/forum/thema/{thread.pk}/antworten/", {"body": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Datenschutz-Hinweis" in html and "ein Name mit Geburtsdatum" in html and "eine Anschrift" in html
    assert thread.posts.count() == 1
    assert text in html  # kept for the member to anonymise
    response = client.post(f"/forum/thema/{thread.pk}/antworten/", {"body": text, "confirm_privacy": "on"})
    assert response.status_code == 302
    assert thread.posts.count() == 2


def test_locked_thread_refuses_replies(client, member, editor, thread):
    forum_services.thread_lock(actor=editor, thread=thread, locked=True)
    client.force_login(member)
    assert client.get(f"/forum/thema/{thread.pk}/antworten/").status_code == 403
    assert client.post(f"/forum/thema/{thread.pk}/antworten/", {"body": "x"}).status_code == 403
    assert "gesperrt" in client.get(f"/forum/thema/{thread.pk}/").content.decode()


def test_delete_own_reply(client, member, partner, thread):
    reply = forum_services.post_create(author=partner, thread=thread, body="Vertippt")
    client.force_login(member)
    assert client.post(f"/forum/beitrag/{reply.pk}/loeschen/").status_code == 403
    client.force_login(partner)
    assert client.post(f"/forum/beitrag/{reply.pk}/loeschen/").status_code == 302
    assert not Post.objects.filter(pk=reply.pk).exists()
    thread.refresh_from_db()
    assert thread.post_count == 1


def test_practice_discussion_created_on_first_use(client, member, partner, org, practice_index):
    page = practice_publish(practice_index, title="Notrufknopf im Bürgerbüro", organisation=org)
    client.force_login(member)
    assert "Diskussion starten" not in client.get(page.url).content.decode()  # no category chosen yet
    category = CategoryFactory(name="Praxisbeispiele", is_practice_discussion=True)
    assert "Diskussion starten" in client.get(page.url).content.decode()
    response = client.post(f"/forum/praxis/{page.pk}/diskussion/")
    thread = Thread.objects.get(practice=page, is_practice_discussion=True)
    assert response["Location"] == f"/forum/thema/{thread.pk}/"
    assert thread.category == category
    client.force_login(partner)
    assert client.post(f"/forum/praxis/{page.pk}/diskussion/")["Location"] == f"/forum/thema/{thread.pk}/"
    assert Thread.objects.filter(practice=page).count() == 1
    assert "Zur Diskussion im Forum" in client.get(page.url).content.decode()


def test_group_practice_gets_no_discussion_in_open_category(
    client, group_member, org, working_group, practice_index
):
    page = practice_publish(
        practice_index, title="AG-Konzept", organisation=org, audience="groups", groups=[working_group]
    )
    CategoryFactory(name="Praxisbeispiele", is_practice_discussion=True)
    client.force_login(group_member)
    assert "Diskussion starten" not in client.get(page.url).content.decode()
    assert client.post(f"/forum/praxis/{page.pk}/diskussion/").status_code == 403
    assert not Thread.objects.exists()


def test_practice_discussion_of_invisible_practice_is_404(client, member, org, working_group, practice_index):
    page = practice_publish(
        practice_index, title="AG-Konzept", organisation=org, audience="groups", groups=[working_group]
    )
    CategoryFactory(name="Praxisbeispiele", is_practice_discussion=True)
    client.force_login(member)
    assert client.post(f"/forum/praxis/{page.pk}/diskussion/").status_code == 404
