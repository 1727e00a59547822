"""Login protection: lockout and throttling, the second factor for staff, CSP, one login page."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.test import Client

from exchange.models import AuditEvent
from tests.factories import PASSWORD, editor_create

pytestmark = pytest.mark.django_db


def _attempt(client: Client, password: str, email: str = "mitglied@example.org"):
    return client.post("/konto/login/", {"login": email, "password": password})


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_twenty_wrong_passwords_then_even_the_right_one_is_refused(member):
    client = Client()
    for _ in range(20):
        assert not _logged_in(client) and _attempt(client, "Falsches-Passwort-1").status_code in (200, 429)
    response = _attempt(client, PASSWORD)
    assert response.status_code in (200, 429)
    assert not _logged_in(client)
    assert client.get("/mitgliederbereich/").status_code == 302


def test_axes_locks_account_and_address_combination(member, settings):
    """Without allauth's throttle in front, django-axes locks after AXES_FAILURE_LIMIT failures."""
    settings.ACCOUNT_RATE_LIMITS = False
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, "Falsches-Passwort-1").status_code == 200
    response = _attempt(client, "Falsches-Passwort-1")
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    response = _attempt(client, PASSWORD)
    assert response.status_code == 429 and not _logged_in(client)
    # the lock is per account *and* address: the same person from another address can still log in
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert _attempt(other, PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(kind="login_locked", subject=member).exists()


def test_lockout_ignores_case_of_the_address(member, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        email = "MITGLIED@example.org" if i % 2 else "mitglied@example.org"
        _attempt(client, "Falsches-Passwort-1", email=email)
    assert _attempt(client, PASSWORD).status_code == 429


def test_success_resets_failures(member, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "Falsches-Passwort-1")
    assert _attempt(client, PASSWORD).status_code == 302
    client.post("/konto/logout/")
    assert _attempt(client, "Falsches-Passwort-1").status_code == 200


def test_common_and_short_passwords_are_refused_at_signup(client, org):
    for password in ("password1234", "Kurz-1"):
        response = client.post(
            "/konto/signup/",
            {
                "email": "neu@example.org",
                "first_name": "N",
                "last_name": "N",
                "position": "P",
                "organisation": org.pk,
                "password1": password,
                "password2": password,
            },
        )
        assert response.status_code == 200
    assert not org.memberships.exists()


# --- Second factor ----------------------------------------------------------------------------


@pytest.fixture
def editor_without_mfa(db):
    return editor_create(email="neu-redaktion@example.org", with_mfa=False)


@pytest.mark.parametrize("url", ["/mitgliederbereich/", "/cms/", "/mitglieder/", "/profil/", "/"])
def test_editor_without_mfa_is_sent_to_totp_setup(client, editor_without_mfa, url):
    client.force_login(editor_without_mfa)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"


def test_editor_without_mfa_can_reach_setup_and_logout_and_api_says_why(client, editor_without_mfa):
    client.force_login(editor_without_mfa)
    assert client.get("/konto/2fa/").status_code == 200
    response = client.get("/api/me")
    assert response.status_code == 403
    assert "Zwei-Faktor" in response.json()["detail"]
    assert client.post("/konto/logout/").status_code == 302
    assert not _logged_in(client)


def test_superuser_needs_mfa_too(client):
    from exchange.models import User

    admin = User.objects.create_superuser("admin@example.org", PASSWORD)
    client.force_login(admin)
    assert client.get("/cms/")["Location"] == "/konto/2fa/totp/activate/"


def test_member_does_not_need_mfa(client, member):
    client.force_login(member)
    assert client.get("/mitgliederbereich/").status_code == 200


def _current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_editor_login_asks_for_totp_code(editor_without_mfa):
    from exchange.people import services as people_services

    secret = people_services.totp_enrol(user=editor_without_mfa)
    client = Client()
    response = client.post("/konto/login/", {"login": "neu-redaktion@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert not _logged_in(client)
    assert client.post("/konto/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert not _logged_in(client)
    response = client.post("/konto/2fa/authenticate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    assert _logged_in(client)
    assert client.get("/cms/").status_code == 200
    assert Authenticator.objects.filter(user=editor_without_mfa, type="recovery_codes").exists()


def test_wagtail_login_page_leads_to_allauth_login(client):
    response = client.get("/cms/login/?next=/cms/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=%2Fcms%2Fpages%2F"
    response = client.post("/cms/login/", {"username": "x", "password": "y"})
    assert response.status_code == 302


# --- Content-Security-Policy and cookies --------------------------------------------------------


def test_site_has_strict_csp(client, site_tree):
    response = client.get("/konto/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy


def test_wagtail_admin_gets_inline_allowance(client, editor, site_tree):
    client.force_login(editor)
    response = client.get("/cms/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy


def test_session_cookie_flags(member):
    client = Client()
    client.post("/konto/login/", {"login": "mitglied@example.org", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_demo_editor_logs_in_with_the_printed_totp_secret(capsys):
    from django.core.management import call_command

    from cms.management.commands.load_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    call_command("load_demo")
    assert DEMO_TOTP_SECRET in capsys.readouterr().out
    client = Client()
    response = client.post(
        "/konto/login/", {"login": "redaktion@sicherimdienst.example", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == "/konto/2fa/authenticate/"
    client.post("/konto/2fa/authenticate/", {"code": _current_code(DEMO_TOTP_SECRET)})
    assert _logged_in(client)
    assert client.get("/cms/").status_code == 200


@pytest.mark.parametrize("who", ["member", "partner", "pending_user", "editor"])
def test_session_list_from_the_profile_opens_for_every_role(client, request, who):
    """allauth's list of open sessions (linked from the profile) renders; its template loads humanize."""
    client.force_login(request.getfixturevalue(who))
    response = client.get("/konto/sessions/")
    assert response.status_code == 200


def test_a_login_is_stored_once_in_the_security_log_and_not_again_by_axes(member):
    """django-axes keeps only what its lockout needs (failed attempts); every login and logout is
    recorded once, in the project's security log."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    client = Client()
    _attempt(client, "Falsches-Passwort-1")
    _attempt(client, PASSWORD)
    client.post("/konto/logout/")
    assert list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True)) == [
        "login_failed",
        "login",
        "logout",
    ]
    assert AccessLog.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0
    # the failure counter the lockout needs is still kept (and reset by the successful login)
    _attempt(client, "Falsches-Passwort-1")
    assert AccessAttempt.objects.get().failures_since_start == 1
