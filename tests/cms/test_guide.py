"""The prevention guide: chapters follow the practices' audience rule; their practices and documents too."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms import guide
from exchange.access import viewer_for
from tests.factories import chapter_publish, guide_index_ensure, practice_classify, practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]

CHECKLIST = (
    "checklist",
    {"title": "Checkliste: Grundlagen", "items": ["Notrufknopf prüfen", "Fluchtweg frei"]},
)


@pytest.fixture
def guide_index(site_tree):
    return guide_index_ensure(site_tree[0])


@pytest.fixture
def chapters(guide_index, working_group):
    section = ("section", {"title": "Vorsorge im Büro", "content": [CHECKLIST]})
    return {
        "public": chapter_publish(guide_index, title="Grundlagen", audience="public", body=[section]),
        "members": chapter_publish(guide_index, title="Handeln im Vorfall", audience="members"),
        "groups": chapter_publish(
            guide_index, title="Vertrauliche Alarmkette", audience="groups", groups=[working_group]
        ),
    }


def test_the_index_lists_only_visible_chapters(client, chapters, guide_index, member, group_member, editor):
    def titles(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        html = client.get(guide_index.url).content.decode()
        return [t for t in ("Grundlagen", "Handeln im Vorfall", "Vertrauliche Alarmkette") if t in html]

    assert titles(None) == ["Grundlagen"]
    assert titles(member) == ["Grundlagen", "Handeln im Vorfall"]
    assert titles(group_member) == ["Grundlagen", "Handeln im Vorfall", "Vertrauliche Alarmkette"]
    assert titles(editor) == ["Grundlagen", "Handeln im Vorfall", "Vertrauliche Alarmkette"]


@pytest.mark.parametrize(
    "who,chapter,status",
    [
        (None, "public", 200),
        (None, "members", 302),
        ("pending_user", "members", 404),
        ("member", "members", 200),
        ("member", "groups", 404),
        ("group_member", "groups", 200),
        ("editor", "groups", 200),
    ],
)
def test_a_chapter_is_read_by_its_audience_only(client, request, chapters, who, chapter, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(chapters[chapter].url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/konto/login/")
    else:
        assert (chapters[chapter].title in response.content.decode()) == (status == 200)


def test_a_chapter_shows_sections_and_checklists(client, chapters):
    html = client.get(chapters["public"].url).content.decode()
    assert '<h2 id="vorsorge-im-buro">Vorsorge im Büro</h2>' in html
    assert "<li>Notrufknopf prüfen</li>" in html
    assert "Als Checkliste drucken" in html


def _practices(practice_index, org, working_group):
    public = practice_publish(
        practice_index, title="Notrufknopf am Empfang", organisation=org, audience="public"
    )
    members = practice_publish(practice_index, title="Doppelbesetzung", organisation=org)
    secret = practice_publish(
        practice_index,
        title="Codewort Zaunkönig",
        organisation=org,
        audience="groups",
        groups=[working_group],
    )
    one_term = practice_publish(practice_index, title="Nur Vorsorge", organisation=org, audience="public")
    for page in (public, members, secret):
        practice_classify(page, phases=["Vorsorge"], measure_types=["baulich-technisch", "organisatorisch"])
    practice_classify(members, phases=["Vorsorge"], measure_types=["organisatorisch"])  # 2 shared, not 3
    practice_classify(one_term, phases=["Vorsorge"])
    return public, members, secret, one_term


def test_chapter_practices_are_visible_ones_ranked_by_shared_terms(
    guide_index, practice_index, org, working_group, member, group_member
):
    _practices(practice_index, org, working_group)
    chapter = chapter_publish(
        guide_index,
        title="Vorsorge",
        phases=["Vorsorge"],
        measure_types=["baulich-technisch", "organisatorisch"],
    )
    titles = lambda user: [p.title for p in guide.chapter_practice_list(viewer_for(user), chapter)]  # noqa: E731
    # ranked by overlap (3 shared before 2); one shared term is not enough; the group's practice hidden
    assert titles(member) == ["Notrufknopf am Empfang", "Doppelbesetzung"]
    assert titles(group_member) == ["Codewort Zaunkönig", "Notrufknopf am Empfang", "Doppelbesetzung"]
    assert titles(None) == ["Notrufknopf am Empfang"]


def test_pinned_practices_come_first_in_the_editors_order_and_stay_hidden_when_invisible(
    guide_index, practice_index, org, working_group, member
):
    _public, members, secret, one_term = _practices(practice_index, org, working_group)
    chapter = chapter_publish(
        guide_index, title="Nachsorge", phases=["Nachsorge"], pins=[secret, one_term, members]
    )
    listed = guide.chapter_practice_list(viewer_for(member), chapter)
    assert [p.title for p in listed] == ["Nur Vorsorge", "Doppelbesetzung"]
    assert all(getattr(p, "pinned", False) for p in listed)


def test_a_practice_page_shows_its_visible_chapters(
    client, guide_index, practice_index, org, working_group, member
):
    public, *_ = _practices(practice_index, org, working_group)
    terms = {"phases": ["Vorsorge"], "measure_types": ["organisatorisch"]}
    chapter_publish(guide_index, title="Offenes Kapitel", audience="public", **terms)
    chapter_publish(guide_index, title="Kapitel der AG", audience="groups", groups=[working_group], **terms)
    chapter_publish(guide_index, title="Angeheftet", audience="members", pins=[public])
    chapter_publish(guide_index, title="Fremdes Thema", audience="public", phases=["Nachsorge"])
    client.force_login(member)
    html = client.get(public.url).content.decode()
    assert "Im Präventionsleitfaden" in html
    assert "Offenes Kapitel" in html and "Angeheftet" in html
    assert "Kapitel der AG" not in html and "Fremdes Thema" not in html
    client.logout()
    html = client.get(public.url).content.decode()
    assert "Offenes Kapitel" in html and "Angeheftet" not in html


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_document_of_a_members_only_chapter_is_served_to_members_only(
    client, media, guide_index, member, pending_user
):
    document = get_document_model()(
        title="Alarmplan", file=ContentFile(b"%PDF-1.4 Alarmplan", name="alarm.pdf")
    )
    document.save()
    chapter = chapter_publish(
        guide_index, title="Alarmierung", audience="members", body=[("document", document)]
    )
    assert client.get(document.url).status_code == 302  # anonymous: to the login
    client.force_login(pending_user)
    assert client.get(document.url).status_code == 404
    client.force_login(member)
    html = client.get(chapter.url).content.decode()
    assert f'href="{document.url}"' in html
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
