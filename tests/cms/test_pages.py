"""The public and members-only pages of the slice, per role."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import Page

from cms.models import HomePage, PracticeIndexPage, PracticePage
from tests.factories import practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]


@pytest.fixture
def practices(practice_index, org, working_group):
    return {
        "public": practice_publish(
            practice_index, title="Kennzeichnung von Schulen", organisation=org, audience="public"
        ),
        "members": practice_publish(
            practice_index, title="Meldesystem für Übergriffe", organisation=org, audience="members"
        ),
        "groups": practice_publish(
            practice_index,
            title="AG-Entwurf Vorfallkategorien",
            organisation=org,
            audience="groups",
            groups=[working_group],
        ),
    }


def test_anonymous_start_page_shows_public_practices_and_login(client, practices):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kennzeichnung von Schulen" in html
    assert "Meldesystem für Übergriffe" not in html
    assert "AG-Entwurf" not in html
    assert 'href="/konto/login/"' in html
    assert '<html lang="de">' in html


def test_page_titles_name_the_page_once_and_follow_the_editors_seo_title(client, practices):
    assert "<title>Wissensaustausch · #sicherimDienst</title>" in client.get("/").content.decode()
    page = practices["public"]
    assert f"<title>{page.title} · #sicherimDienst</title>" in client.get(page.url).content.decode()
    page.seo_title = "Schulen kennzeichnen"
    page.save_revision().publish()
    assert "<title>Schulen kennzeichnen · #sicherimDienst</title>" in client.get(page.url).content.decode()


@pytest.mark.parametrize("kind,expected", [("public", 200), ("members", 302), ("groups", 302)])
def test_anonymous_practice_access(client, practices, kind, expected):
    response = client.get(practices[kind].url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/konto/login/?next=")


@pytest.mark.parametrize(
    "who,kind,expected",
    [
        ("member", "members", 200),
        ("member", "groups", 404),
        ("group_member", "groups", 200),
        ("editor", "groups", 200),
        ("pending_user", "members", 404),
    ],
)
def test_practice_access_by_role(client, practices, request, who, kind, expected):
    client.force_login(request.getfixturevalue(who))
    assert client.get(practices[kind].url).status_code == expected


def test_practice_index_lists_only_visible(client, practices, member):
    client.force_login(member)
    html = client.get("/praxisbeispiele/").content.decode()
    assert "Meldesystem für Übergriffe" in html
    assert "Kennzeichnung von Schulen" in html
    assert "AG-Entwurf" not in html


def test_members_home_redirects_anonymous_to_login(client):
    response = client.get("/mitgliederbereich/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/mitgliederbereich/"


def test_pending_person_sees_nothing_of_members_area(client, pending_user, practices):
    client.force_login(pending_user)
    for url in ("/mitgliederbereich/", "/forum/", "/suche/?q=Schule"):
        response = client.get(url)
        assert response.status_code == 403
        assert "noch nicht freigegeben" in response.content.decode()


def test_members_home_lists_visible_practices_only(client, practices, member):
    client.force_login(member)
    response = client.get("/mitgliederbereich/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Meldesystem für Übergriffe" in html
    assert "AG-Entwurf" not in html


def test_page_tree_rules(site_tree):
    assert PracticePage.allowed_parent_page_models() == [PracticeIndexPage]
    assert PracticeIndexPage.allowed_parent_page_models() == [HomePage]
    assert HomePage.objects.count() == 1
    # Wagtail's "Welcome" page was replaced; the default site serves our start page.
    assert not Page.objects.filter(depth=2).exclude(pk=site_tree[0].pk).exists()


def test_practice_audience_is_validated_and_a_db_constraint(practices):
    page = practices["public"]
    page.audience = "everyone"
    with pytest.raises(ValidationError):
        page.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticePage.objects.filter(pk=page.pk).update(audience="everyone")


def test_setup_site_prepares_a_fresh_installation_idempotently(capsys):
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from wagtail.models import Workflow

    from exchange.access import ADMINS_GROUP, EDITORS_GROUP

    for _ in range(2):
        call_command("setup_site")
    assert HomePage.objects.count() == 1
    assert PracticeIndexPage.objects.count() == 1
    assert set(
        Group.objects.filter(name__in=[EDITORS_GROUP, ADMINS_GROUP]).values_list("name", flat=True)
    ) == {
        EDITORS_GROUP,
        ADMINS_GROUP,
    }
    index = PracticeIndexPage.objects.get()
    assert Workflow.objects.filter(workflow_pages__page=index).exists()
    assert "Seitenbaum" in capsys.readouterr().out


def test_practice_index_offers_a_proposal_to_those_who_may_create_one(client, practices, member, partner):
    client.force_login(member)
    assert "/praxis/neu/" not in client.get("/praxisbeispiele/").content.decode()
    client.force_login(partner)
    assert "/praxis/neu/" in client.get("/praxisbeispiele/").content.decode()
