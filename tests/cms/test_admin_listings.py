"""Wagtail's admin listings that name pages (page-type usage, site history, reports, search, dashboard,
the admin API) show a partner contact only their own organisation's practices: the title of another
organisation's working-group or members-only practice never reaches them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.models import PracticePage
from tests.factories import practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]

OWN = "Meldesystem der Stadt Bonn"
GROUP_ONLY = "Gemeinsame Kategorien für Vorfallmeldungen"
MEMBERS_ONLY = "Doppelbesetzung im Außendienst"

# Every admin listing a partner contact can reach that names pages (results URLs, too)
LISTINGS = [
    ("wagtailadmin_home", ()),
    ("wagtailadmin_pages:type_use", ("cms", "practicepage")),
    ("wagtailadmin_pages:type_use_results", ("cms", "practicepage")),
    ("wagtailadmin_pages:type_use", ("wagtailcore", "page")),
    ("wagtailadmin_pages:type_use_results", ("wagtailcore", "page")),
    ("wagtailadmin_reports:site_history", ()),
    ("wagtailadmin_reports:site_history_results", ()),
    ("wagtailadmin_reports:locked_pages", ()),
    ("wagtailadmin_reports:locked_pages_results", ()),
    ("wagtailadmin_reports:aging_pages", ()),
    ("wagtailadmin_reports:aging_pages_results", ()),
    ("wagtailadmin_reports:workflow", ()),
    ("wagtailadmin_reports:workflow_results", ()),
    ("wagtailadmin_reports:workflow_tasks", ()),
    ("wagtailadmin_reports:workflow_tasks_results", ()),
    ("wagtailadmin_reports:page_types_usage", ()),
    ("wagtailadmin_pages:search", ()),
    ("wagtailadmin_pages:search_results", ()),
]


@pytest.fixture
def practices(practice_index, org, other_org, working_group, editor):
    """Another organisation's practices for a working group and for members, edited, locked and in
    the review so that every listing has a reason to name them; one practice of the partner's own."""
    own = practice_publish(practice_index, title=OWN, organisation=org)
    group_only = practice_publish(
        practice_index, title=GROUP_ONLY, organisation=other_org, audience="groups", groups=[working_group]
    )
    members_only = practice_publish(practice_index, title=MEMBERS_ONLY, organisation=other_org)
    for page in (own, group_only, members_only):
        page.save_revision(user=editor, log_action=True)  # a "wagtail.edit" entry in the site history
    PracticePage.objects.filter(pk=group_only.pk).update(
        locked=True, locked_by=editor, locked_at=timezone.now(), last_published_at=timezone.now()
    )
    members_only.get_workflow().start(members_only, editor)
    return own, group_only, members_only


@pytest.mark.parametrize("url_name,args", LISTINGS)
def test_admin_listings_never_name_another_organisations_practices(
    client, partner, practices, url_name, args
):
    client.force_login(partner)
    query = {"q": "Kategorien"} if "search" in url_name else {}  # the search asks for a title word
    response = client.get(reverse(url_name, args=args), query)
    assert response.status_code < 500
    html = response.content.decode()
    assert GROUP_ONLY not in html and MEMBERS_ONLY not in html


def test_admin_api_never_names_another_organisations_practices(client, partner, practices):
    client.force_login(partner)
    response = client.get("/cms/api/main/pages/")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert OWN in titles
    assert GROUP_ONLY not in titles and MEMBERS_ONLY not in titles


def test_partner_reads_the_site_history_of_own_practices(client, partner, practices):
    """The fix filters, it does not take away: the partner's own practice stays in the history."""
    client.force_login(partner)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    assert OWN in response.content.decode()


def test_page_type_usage_is_the_editors(client, partner, member, editor, practices):
    """Which pages use which type is the editors' business, like Wagtail's page-types report: partner
    contacts go back to the dashboard, people without admin access to the login (as Wagtail does)."""
    url = reverse("wagtailadmin_pages:type_use", args=("cms", "practicepage"))
    assert client.get(url)["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(member)
    assert client.get(url)["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(partner)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert GROUP_ONLY in html and MEMBERS_ONLY in html and OWN in html


@pytest.mark.parametrize(
    "url_name", ["wagtailadmin_reports:site_history", "wagtailadmin_reports:locked_pages"]
)
def test_editors_still_see_every_practice_in_the_reports(client, editor, practices, url_name):
    client.force_login(editor)
    html = client.get(reverse(url_name)).content.decode()
    assert GROUP_ONLY in html
