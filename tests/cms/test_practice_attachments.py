"""Attachments of practices are served only to those who may see the practice, never publicly."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.models import PracticeAttachment
from cms.services import partner_org_group_ensure
from tests.factories import member_create, practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]

Document = get_document_model()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _document(title="Leitfaden", collection=None):
    doc = Document(title=title, file=ContentFile(b"%PDF-1.4 Leitfaden", name="leitfaden.pdf"))
    if collection is not None:
        doc.collection = collection
    doc.save()
    return doc


@pytest.fixture
def group_practice(practice_index, org, working_group):
    page = practice_publish(
        practice_index, title="AG-Leitfaden", organisation=org, audience="groups", groups=[working_group]
    )
    page.attachments.add(PracticeAttachment(document=_document(), title="Leitfaden (PDF)"))
    page.save_revision().publish()
    return page


def test_attachment_link_and_download_for_allowed_member(client, group_member, group_practice):
    client.force_login(group_member)
    html = client.get(group_practice.url).content.decode()
    attachment = PracticeAttachment.objects.get(page=group_practice)
    url = f"/praxis/{group_practice.pk}/anhang/{attachment.pk}/"
    assert f'href="{url}"' in html
    assert "/media/" not in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who,expected", [("member", 404), ("pending_user", 404), (None, 302)])
def test_attachment_of_restricted_practice_is_refused(client, request, group_practice, who, expected):
    if who:
        client.force_login(request.getfixturevalue(who))
    attachment = PracticeAttachment.objects.get(page=group_practice)
    response = client.get(f"/praxis/{group_practice.pk}/anhang/{attachment.pk}/")
    assert response.status_code == expected
    # Wagtail's own document URL checks the same rule.
    response = client.get(attachment.document.url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/konto/login/")


def test_wagtail_document_url_serves_allowed_people(client, group_member, editor, group_practice):
    url = PracticeAttachment.objects.get(page=group_practice).document.url
    assert url.startswith("/dokumente/")
    for user in (group_member, editor):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_attachment_id_of_another_practice_is_404(client, member, practice_index, org, group_practice):
    public = practice_publish(practice_index, title="Öffentlich", organisation=org, audience="public")
    attachment = PracticeAttachment.objects.get(page=group_practice)
    client.force_login(member)
    assert client.get(f"/praxis/{public.pk}/anhang/{attachment.pk}/").status_code == 404


def test_unattached_document_in_a_partner_collection_is_not_public(client, org, other_org, practice_index):
    partner_org_group_ensure(organisation=org)
    from wagtail.models import Collection

    collection = Collection.objects.get(name=org.name)
    doc = _document("Entwurf", collection=collection)
    assert client.get(doc.url).status_code == 302
    stranger = member_create(other_org, email="fremd@example.org")
    client.force_login(stranger)
    assert client.get(doc.url).status_code == 404
    from exchange.models import Membership

    own = member_create(org, email="eigen@example.org", role=Membership.Role.PARTNER_CONTACT)
    client.force_login(own)
    assert client.get(doc.url).status_code == 200


def test_public_practice_attachment_is_downloadable_by_anyone(client, practice_index, org):
    page = practice_publish(practice_index, title="Öffentlich", organisation=org, audience="public")
    page.attachments.add(PracticeAttachment(document=_document()))
    page.save_revision().publish()
    attachment = PracticeAttachment.objects.get(page=page)
    assert client.get(f"/praxis/{page.pk}/anhang/{attachment.pk}/").status_code == 200


def test_development_media_route_serves_images_but_never_documents(settings):
    """Even with DEBUG on, attachments are reachable only through the permission-checked views."""
    import importlib

    from django.urls import Resolver404, get_resolver
    from django.views.static import serve

    import cms.urls

    settings.DEBUG = True
    try:
        module = importlib.reload(cms.urls)
        resolver = get_resolver(module)
        assert resolver.resolve("/media/images/schild.jpg").func is serve
        try:
            match = resolver.resolve("/media/documents/vertraulich.pdf")
        except Resolver404:
            match = None
        assert match is None or match.func is not serve
    finally:
        settings.DEBUG = False
        importlib.reload(cms.urls)
