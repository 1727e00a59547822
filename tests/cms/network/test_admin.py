"""The editors' decision in the Wagtail admin: list, decide, download the certificate; the dashboard
panel. Only editors: partner contacts (who have admin access) are refused (Wagtail turns the 403 into
a redirect to the dashboard with its message), members have no admin at all."""

import io

import pytest
from pypdf import PdfReader

from cms.network import services
from cms.network.models import JoinRequest
from cms.services import partner_access_sync
from exchange.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def join_request(db):
    return services.join_request_submit(
        organisation_name="Kreis Mettmann",
        kind="kreis",
        region="duesseldorf",
        contact_name="Dana Dezernentin",
        contact_email="dana@kreis-mettmann.example",
        consent=True,
        listing_consent=True,
    )


def test_editor_sees_the_panel_decides_and_downloads_the_certificate(
    client, editor, join_request, news_index
):
    client.force_login(editor)
    dashboard = client.get("/cms/").content.decode()
    assert "Beitrittsanfragen warten" in dashboard and "1 Beitrittsanfrage wartet" in dashboard
    assert "Kreis Mettmann" in client.get("/cms/beitrittsanfragen/").content.decode()
    url = f"/cms/beitrittsanfragen/{join_request.pk}/"
    assert client.get(f"{url}urkunde.pdf").status_code == 404  # not before the approval

    response = client.post(url, {"action": "approve", "news_draft": "on"})
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert Invitation.objects.filter(email="dana@kreis-mettmann.example").exists()

    pdf = client.get(f"{url}urkunde.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert "private" in pdf["Cache-Control"] and "no-store" in pdf["Cache-Control"]
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Beitrittsurkunde" in text and "Kreis Mettmann" in text
    assert "0 Beitrittsanfragen warten" in client.get("/cms/").content.decode()


def test_rejecting_without_a_reason_is_a_german_400(client, editor, join_request):
    client.force_login(editor)
    url = f"/cms/beitrittsanfragen/{join_request.pk}/"
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "Dieses Feld darf nicht leer sein." in response.content.decode()
    unknown = client.post(url, {"action": "vielleicht"})
    assert unknown.status_code == 400 and "Aufnehmen" in unknown.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert client.get("/cms/beitrittsanfragen/999999/").status_code == 404


def test_partner_contacts_in_the_admin_may_not_decide_or_download(client, partner, editor, join_request):
    services.join_request_approve(actor=editor, join_request=join_request, news_draft=False)
    partner_access_sync(user=partner)
    client.force_login(partner)
    assert client.get("/cms/").status_code == 200  # a partner contact has the admin
    assert "Beitrittsanfragen warten" not in client.get("/cms/").content.decode()
    for url in (
        "/cms/beitrittsanfragen/",
        f"/cms/beitrittsanfragen/{join_request.pk}/",
        f"/cms/beitrittsanfragen/{join_request.pk}/urkunde.pdf",
    ):
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, "/cms/"), url
        assert b"%PDF" not in response.content
    refused = client.post(f"/cms/beitrittsanfragen/{join_request.pk}/", {"action": "reject", "reason": "x"})
    assert (refused.status_code, refused.get("Location")) == (302, "/cms/")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED


def test_members_and_visitors_do_not_reach_the_decision(client, member, join_request):
    url = f"/cms/beitrittsanfragen/{join_request.pk}/urkunde.pdf"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(member)
    response = client.get(url)
    assert response.status_code in (302, 403) and b"%PDF" not in response.content


def test_editors_keep_the_public_list_consents_as_snippets(client, editor, partner, org):
    client.force_login(editor)
    response = client.post(
        "/cms/snippets/network/partnerlisting/add/",
        {"organisation": org.pk, "consented_at": "2026-03-03 10:00", "note": "E-Mail der Pressestelle"},
    )
    assert response.status_code == 302
    listing = client.get("/cms/snippets/network/partnerlisting/", {"q": "Bonn"}).content.decode()
    assert "Stadt Bonn" in listing
    client.force_login(partner)
    refused = client.get("/cms/snippets/network/partnerlisting/")
    assert refused.status_code == 302 and b"Stadt Bonn" not in refused.content
