"""The retention rule of join requests (cms.network.retention): the contact's personal data of a
decided request is erased KEEP_DECIDED_DAYS after the decision; what the office keeps as its record
is not personal, and pending requests wait for their decision."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cms.network import retention, services
from cms.network.models import JoinRequest
from cms.network.tasks import join_requests_erase

pytestmark = pytest.mark.django_db

PERSONAL = ("contact_name", "contact_email", "contact_position", "message", "reason")


def submitted(name: str, email: str) -> JoinRequest:
    return services.join_request_submit(
        organisation_name=name,
        kind="kommune",
        region="koeln",
        contact_name="Paula Personalrätin",
        contact_email=email,
        contact_position="Personalrat",
        message="Wir möchten mitmachen.",
        consent=True,
    )


def decided_days_ago(join_request: JoinRequest, days: int) -> None:
    JoinRequest.objects.filter(pk=join_request.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_decided_requests_lose_the_contacts_data_after_the_period_and_nothing_else(editor, settings):
    settings.NETWORK_JOIN = {**settings.NETWORK_JOIN, "KEEP_DECIDED_DAYS": 180}
    old_yes = services.join_request_approve(
        actor=editor, join_request=submitted("Stadt Alt", "a@alt.example"), news_draft=False
    )
    old_no = services.join_request_reject(
        actor=editor,
        join_request=submitted("Stadt Nein", "n@nein.example"),
        reason="Frau Personalrätin ist ...",
    )
    recent = services.join_request_reject(
        actor=editor, join_request=submitted("Stadt Neu", "n@neu.example"), reason="Kein öffentlicher Dienst"
    )
    waiting = submitted("Stadt Wartet", "w@wartet.example")
    JoinRequest.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    decided_days_ago(old_yes, 181)
    decided_days_ago(old_no, 200)
    decided_days_ago(recent, 179)

    assert join_requests_erase.delay().get() == 2  # the beat task, run eagerly
    assert retention.join_requests_erase() == 0  # once only

    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert kept.personal_data_erased_at is None and kept.contact_email.endswith(".example")
    for gone in (old_yes, old_no):
        gone.refresh_from_db()
        assert gone.personal_data_erased_at is not None
        assert {field: getattr(gone, field) for field in PERSONAL} == dict.fromkeys(PERSONAL, "")
        assert gone.organisation_name.startswith("Stadt") and gone.decided_at and gone.decided_by == editor
    assert old_no.status == JoinRequest.Status.REJECTED
    # the approved organisation and its certificate stay; the certificate names no person
    assert old_yes.organisation is not None and old_yes.organisation.name == "Stadt Alt"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(old_yes.certificate_pdf))).pages)
    assert "Stadt Alt" in text and "Paula" not in text


def test_the_admin_page_says_when_the_contacts_data_was_erased(client, editor):
    join_request = services.join_request_reject(
        actor=editor, join_request=submitted("Stadt Nein", "n@nein.example"), reason="Außerhalb von NRW"
    )
    decided_days_ago(join_request, 365)
    retention.join_requests_erase()
    client.force_login(editor)
    html = client.get(f"/cms/beitrittsanfragen/{join_request.pk}/").content.decode()
    assert "Angaben zur Person nach Ablauf der Aufbewahrungsfrist" in html
    assert "n@nein.example" not in html and "Paula" not in html and "Außerhalb von NRW" not in html
