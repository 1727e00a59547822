"""Logins and sessions, leaving, deactivation, personal API tokens, DSGVO export and deletion."""

import json

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from wagtail.models import APIToken

from exchange.forum import services as forum_services
from exchange.membership import services as membership_services
from exchange.models import AuditEvent, Membership, Post, Thread
from tests.factories import PASSWORD, CategoryFactory, member_create, password_login

pytestmark = pytest.mark.django_db


def test_login_rotates_session_and_logout_invalidates_it(member):
    client = Client()
    client.get("/konto/login/")
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
    client.post("/konto/login/", {"login": "mitglied@example.org", "password": PASSWORD})
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.get("/mitgliederbereich/").status_code == 200
    client.post("/konto/logout/")
    assert not Session.objects.filter(session_key=after).exists()
    stolen = Client()
    stolen.cookies["sessionid"] = after
    assert stolen.get("/mitgliederbereich/").status_code == 302


def test_deactivation_ends_sessions_and_tokens_on_next_request(client, editor, member):
    browser = password_login("mitglied@example.org")
    _token, plaintext = APIToken.create_token(user=member, name="Skript")
    auth = {"Authorization": f"Bearer {plaintext}"}
    assert browser.get("/mitgliederbereich/").status_code == 200
    assert client.get("/api/me", headers=auth).status_code == 200
    assert UserSession.objects.filter(user=member).exists()

    client.force_login(editor)
    response = client.post(f"/mitglieder/{member.pk}/deaktivieren/")
    assert response.status_code == 302

    member.refresh_from_db()
    assert member.is_active is False
    assert browser.get("/mitgliederbereich/").status_code == 302
    assert Client().get("/api/me", headers=auth).status_code == 401
    assert not member.api_tokens.filter(revoked_at__isnull=True).exists()
    assert not UserSession.objects.filter(user=member).exists()
    assert AuditEvent.objects.filter(kind="user_deactivated", actor=editor, subject=member).exists()
    # and no new login
    response = Client().post("/konto/login/", {"login": "mitglied@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in response.client.session


def test_deactivation_in_wagtail_user_editor_also_ends_access(member):
    browser = password_login("mitglied@example.org")
    APIToken.create_token(user=member, name="Skript")
    member.is_active = False
    member.save()  # what Wagtail's user editor does
    assert browser.get("/mitgliederbereich/").status_code == 302
    assert not member.api_tokens.filter(revoked_at__isnull=True).exists()
    assert not UserSession.objects.filter(user=member).exists()


@pytest.mark.parametrize("who", ["member", "partner", "pending_user"])
def test_only_editors_deactivate(client, request, who, group_member):
    client.force_login(request.getfixturevalue(who))
    assert client.post(f"/mitglieder/{group_member.pk}/deaktivieren/").status_code in (403, 404)
    group_member.refresh_from_db()
    assert group_member.is_active


def test_leaving_last_membership_makes_non_member_at_once(member):
    browser = password_login("mitglied@example.org")
    other_device = password_login("mitglied@example.org")
    _token, plaintext = APIToken.create_token(user=member, name="Skript")
    membership = member.memberships.get()
    response = browser.post(f"/mitgliedschaften/{membership.pk}/beenden/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    # the session used to leave stays, as a non-member's; other sessions and tokens are gone
    assert browser.get("/mitgliederbereich/").status_code == 403
    assert browser.get("/mitgliedschaften/").status_code == 200
    assert other_device.get("/mitgliederbereich/").status_code == 302
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401


def test_leaving_one_of_two_organisations_keeps_access(member, other_org, editor):
    second = membership_services.membership_request(user=member, organisation=other_org)
    membership_services.membership_approve(actor=editor, membership=second)
    browser = password_login("mitglied@example.org")
    browser.post(f"/mitgliedschaften/{second.pk}/beenden/")
    assert browser.get("/mitgliederbereich/").status_code == 200


def test_partner_removes_member_who_loses_access(client, partner, member):
    browser = password_login("mitglied@example.org")
    client.force_login(partner)
    response = client.post(f"/mitgliedschaften/{member.memberships.get().pk}/beenden/")
    assert response.status_code == 302
    assert browser.get("/mitgliederbereich/").status_code == 302
    event = AuditEvent.objects.get(kind="membership_ended")
    assert (event.actor, event.subject) == (partner, member)


def test_organisation_that_left_gives_no_access(client, member, org):
    client.force_login(member)
    org.status = "left"
    org.save()
    assert client.get("/mitgliederbereich/").status_code == 403


# --- Personal API tokens ----------------------------------------------------------------------


def test_token_is_shown_once_listed_and_revoked(client, member):
    client.force_login(member)
    response = client.post("/profil/tokens/", {"name": "Auswertung"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    plaintext = response.context["new_token"]
    assert plaintext in response.content.decode()
    token = member.api_tokens.get()
    assert token.key_hash != plaintext and plaintext not in json.dumps(
        list(AuditEvent.objects.values("detail"))
    )
    page = client.get("/profil/").content.decode()
    assert plaintext not in page and token.prefix in page and "Auswertung" in page

    api = Client()
    assert api.get("/api/me", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 200
    assert AuditEvent.objects.filter(kind="token_used", subject=member).count() == 1

    assert client.post(f"/profil/tokens/{token.pk}/widerrufen/").status_code == 302
    assert api.get("/api/me", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401
    assert list(
        AuditEvent.objects.filter(kind__startswith="token").order_by("id").values_list("kind", flat=True)
    ) == [
        "token_created",
        "token_used",
        "token_revoked",
    ]


def test_cannot_revoke_someone_elses_token(client, member, partner):
    token, _ = APIToken.create_token(user=partner, name="Fremd")
    client.force_login(member)
    assert client.post(f"/profil/tokens/{token.pk}/widerrufen/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_pending_person_gets_no_token_and_empty_name_is_refused(client, pending_user, member):
    client.force_login(pending_user)
    assert client.post("/profil/tokens/", {"name": "x"}).status_code == 403
    assert not APIToken.objects.exists()
    client.force_login(member)
    response = client.post("/profil/tokens/", {"name": "  "})
    assert response.status_code == 400
    assert not APIToken.objects.exists()


# --- Profile ----------------------------------------------------------------------------------


def test_profile_update_and_validation(client, member):
    client.force_login(member)
    data = {
        "first_name": "Mia",
        "last_name": "Muster",
        "position": "Arbeitsschutz",
        "phone": "0228 123",
        "profile_visibility": "members",
    }
    assert client.post("/profil/", data).status_code == 302
    member.refresh_from_db()
    assert (member.last_name, member.phone, member.profile_visibility) == ("Muster", "0228 123", "members")
    response = client.post("/profil/", {**data, "profile_visibility": "alle", "first_name": ""})
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.profile_visibility == "members" and member.first_name == "Mia"


# --- DSGVO ------------------------------------------------------------------------------------


@pytest.fixture
def thread_by_member(member, partner):
    category = CategoryFactory(name="Allgemein")
    thread = forum_services.thread_create(
        author=member, category=category, title="Meine Frage", body="Wie geht das?"
    )
    forum_services.post_create(author=partner, thread=thread, body="So.")
    return thread


def test_data_export_contains_own_data_and_no_secrets(client, member, thread_by_member):
    APIToken.create_token(user=member, name="Skript")
    client.force_login(member)
    response = client.get("/profil/daten.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["person"]["email"] == "mitglied@example.org"
    assert data["mitgliedschaften"][0]["organisation"] == "Stadt Bonn"
    assert [p["text"] for p in data["beitraege"]] == ["Wie geht das?"]
    assert data["api_tokens"][0]["name"] == "Skript"
    raw = response.content.decode()
    assert member.password not in raw and "key_hash" not in raw and "So." not in raw
    assert AuditEvent.objects.filter(kind="data_exported", subject=member).exists()


def test_pending_person_may_export_and_delete(client, pending_user):
    client.force_login(pending_user)
    assert client.get("/profil/daten.json").status_code == 200
    assert client.get("/profil/loeschen/").status_code == 200


def test_account_deletion_keeps_posts_as_former_member(client, member, thread_by_member):
    client.force_login(member)
    response = client.post("/profil/loeschen/", {"password": "falsch", "confirm": "on"})
    assert response.status_code == 400
    assert "Das Passwort ist nicht richtig." in response.content.decode()
    member.refresh_from_db()

    response = client.post("/profil/loeschen/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not type(member).objects.filter(pk=member.pk).exists()
    assert not Membership.objects.filter(user_id=member.pk).exists()
    thread = Thread.objects.get(pk=thread_by_member.pk)
    assert thread.author is None
    assert Post.objects.filter(thread=thread, author__isnull=True).count() == 1
    assert AuditEvent.objects.filter(kind="account_deleted").exists()

    reader = member_create(member_org(), email="leser@example.org")
    viewer = Client()
    viewer.force_login(reader)
    html = viewer.get(f"/forum/thema/{thread.pk}/").content.decode()
    assert "ehemaliges Mitglied" in html and "Wie geht das?" in html


def member_org():
    from exchange.models import Organisation

    return Organisation.objects.get(name="Stadt Bonn")


# --- Audit log --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,expected,absent",
    [
        ("member", ["/mitglieder/", "/profil/", "/forum/", "/suche/"], ["/mitgliedschaften/"]),
        ("partner", ["/mitglieder/", "/profil/", "/mitgliedschaften/"], []),
        ("pending_user", ["/profil/"], ["/mitglieder/", "/forum/", "/suche/", "/mitgliedschaften/"]),
    ],
)
def test_navigation_offers_what_the_role_may_use(client, request, who, expected, absent):
    client.force_login(request.getfixturevalue(who))
    nav = client.get("/profil/").content.decode().split('aria-label="Hauptnavigation"')[1].split("</nav>")[0]
    for href in expected:
        assert f'href="{href}"' in nav
    for href in absent:
        assert f'href="{href}"' not in nav
