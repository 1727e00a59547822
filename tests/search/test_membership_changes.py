"""Who may see what follows membership at once, without reindexing: documents carry audience and
group ids, and the viewer's filter is built per request. A member who leaves a working group or
organisation loses restricted hits, similar results and attachment hits immediately."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.models import PracticeAttachment
from cms.selectors import practice_similar_search
from exchange.access import viewer_for
from exchange.forum import services as forum
from exchange.membership import services as membership_services
from exchange.models import Membership, User
from search import drain, queries
from search.models import OutboxEntry
from tests.factories import CategoryFactory, practice_publish
from tests.search.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def restricted(practice_index, org, working_group, group_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        base = practice_publish(
            practice_index,
            title="Deeskalationstraining",
            organisation=org,
            summary="Rollenspiele zur Deeskalation am Empfang.",
        )
        secret = practice_publish(
            practice_index,
            title="AG-Auswertung Deeskalation",
            organisation=org,
            audience="groups",
            groups=[working_group],
            summary="Rollenspiele zur Deeskalation am Empfang, interne Auswertung.",
        )
        doc = get_document_model()(
            title="Anlage", file=ContentFile(pdf_bytes("Geheimwort Panikraumschleuse"), name="anlage.pdf")
        )
        doc.save()
        secret.attachments.add(PracticeAttachment(document=doc))
        secret.save_revision().publish()
        category = CategoryFactory(name="AG intern")
        category.working_groups.add(working_group)
        thread = forum.thread_create(
            author=group_member, category=category, title="Interne Einsatzberichte", body="Nur für die AG."
        )
    drain.outbox_drain(refresh=True)
    return {"base": base, "secret": secret, "thread": thread}


def visible(user_pk, restricted):
    """What a fresh request of this person finds (a new user object: no cached rights)."""
    viewer = viewer_for(User.objects.get(pk=user_pk))
    return {
        "hits": {h.id for h in queries.search(viewer, "Deeskalation").hits},
        "attachment": {h.id for h in queries.search(viewer, "Panikraumschleuse").hits},
        "thread": {h.id for h in queries.search(viewer, "Einsatzberichte").hits},
        "similar": {p.pk for p in practice_similar_search(viewer, restricted["base"])},
    }


def test_leaving_the_working_group_hides_everything_at_once(restricted, group_member, working_group):
    secret, thread = restricted["secret"].pk, restricted["thread"].pk
    before = visible(group_member.pk, restricted)
    assert secret in before["hits"] and before["attachment"] == {secret}
    assert before["thread"] == {thread} and secret in before["similar"]

    pending = OutboxEntry.objects.filter(processed_at__isnull=True).count()
    working_group.members.remove(group_member)
    assert OutboxEntry.objects.filter(processed_at__isnull=True).count() == pending  # no reindexing
    after = visible(group_member.pk, restricted)
    assert secret not in after["hits"] and restricted["base"].pk in after["hits"]
    assert after["attachment"] == set() and after["thread"] == set() and after["similar"] == set()


def test_leaving_the_organisation_hides_members_only_content(restricted, group_member, client):
    membership = Membership.objects.get(user=group_member)
    membership_services.membership_end(actor=group_member, membership=membership)
    after = visible(group_member.pk, restricted)
    assert after == {"hits": set(), "attachment": set(), "thread": set(), "similar": set()}
    client.force_login(group_member)
    html = client.get("/suche/", {"q": "Panikraumschleuse"}).content.decode()
    assert "AG-Auswertung" not in html


def test_organisation_leaving_the_network_hides_members_only_content(restricted, group_member, org):
    from exchange.models import Organisation

    assert restricted["base"].pk in visible(group_member.pk, restricted)["hits"]
    org.status = Organisation.Status.LEFT
    org.save()
    after = visible(group_member.pk, restricted)
    assert after == {"hits": set(), "attachment": set(), "thread": set(), "similar": set()}
