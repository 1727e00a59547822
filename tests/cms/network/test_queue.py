"""The join request's e-mails through a real Celery worker on Redis (runs where Redis is configured):
the request only commits and enqueues; the worker sends the confirmation, the editors' notice, and
after the approval the invitation and the welcome."""

from django.core import mail

from cms.network import services
from cms.network.models import JoinRequest
from tests.queue import NEEDS_REDIS, queue_drained, wait_for

from .conftest import join_data

pytestmark = NEEDS_REDIS

CONTACT = "dana.dezernentin@kreis-mettmann.example"


def test_the_worker_confirms_notifies_the_editors_and_after_approval_invites(
    queue_worker, client, editor, news_index
):
    mail.outbox.clear()
    response = client.post("/mitmachen/", join_data())
    assert response.status_code == 302

    assert wait_for(lambda: len(mail.outbox) >= 2), "no mail from the worker"
    assert wait_for(queue_drained)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {CONTACT, editor.email}
    assert "Beitrittsanfrage ist eingegangen" in by_recipient[CONTACT].subject
    assert "Neue Beitrittsanfrage: Kreis Mettmann" in by_recipient[editor.email].subject

    mail.outbox.clear()
    services.join_request_approve(actor=editor, join_request=JoinRequest.objects.get())
    assert wait_for(lambda: len(mail.outbox) >= 2), "no invitation or welcome from the worker"
    assert wait_for(queue_drained)
    subjects = sorted(m.subject for m in mail.outbox if m.to == [CONTACT])
    assert len(subjects) == 2
    assert any("Willkommen im Netzwerk" in s for s in subjects)
    assert any("/einladung/" in m.body for m in mail.outbox)
