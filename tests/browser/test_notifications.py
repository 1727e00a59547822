"""A member follows a category, is mentioned in a reply, sees the count in the header, opens the
notification and lands on the post; then mutes the thread with the form on the thread page."""

import re

import pytest
from playwright.sync_api import expect

from exchange.forum import services as forum_services
from exchange.models import Follow, Membership
from tests.factories import PASSWORD, CategoryFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(org, email, first, last):
    user = UserFactory(email=email, first_name=first, last_name=last)
    Membership.objects.create(user=user, organisation=org, status=Membership.Status.ACTIVE)
    return user


def test_member_follows_is_mentioned_and_opens_the_notification(live_server, page, screenshots):
    org = OrganisationFactory(name="Stadt Bonn")
    category = CategoryFactory(name="Praxisfragen")
    mia = person(org, "mia@bonn.example", "Mia", "Mitglied")
    paul = person(org, "paul@bonn.example", "Paul", "Partner")

    page.goto(live_server.url + "/konto/login/")
    page.get_by_label("E-Mail").fill(mia.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/mitgliederbereich/$"))

    page.goto(live_server.url + f"/forum/kategorie/{category.slug}/")
    page.get_by_label("Benachrichtigungen zu dieser Kategorie").select_option("nur neue Themen")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Benachrichtigungen wurden gespeichert.")
    assert Follow.objects.get(user=mia, category=category).level == Follow.Level.NEW_THREADS

    # Paul starts a thread and mentions Mia in a reply (the forum's write pages are built elsewhere).
    thread = forum_services.thread_create(
        author=paul, category=category, title="Hausverbot", body="Erfahrungen?"
    )
    reply = forum_services.post_create(author=paul, thread=thread, body=f"@{mia.handle}, wie macht ihr das?")

    page.reload()
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    expect(nav.get_by_role("link", name=re.compile("Benachrichtigungen"))).to_contain_text("(2 neu)")
    nav.get_by_role("link", name=re.compile("Benachrichtigungen")).click()
    page.screenshot(path=screenshots / "notifications-1280.png", full_page=True)
    page.get_by_role("link", name="Paul Partner hat Sie in „Hausverbot“ erwähnt").click()
    expect(page).to_have_url(re.compile(rf"/forum/thema/{thread.pk}/#beitrag-{reply.pk}$"))
    expect(page.locator(f"#beitrag-{reply.pk} a.mention")).to_have_text(f"@{mia.handle}")
    expect(nav.get_by_role("link", name=re.compile("Benachrichtigungen"))).not_to_contain_text("neu)")

    page.get_by_label("Benachrichtigungen zu diesem Thema").select_option("stumm")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_label("Benachrichtigungen zu diesem Thema")).to_have_value("muted")
    forum_services.post_create(author=paul, thread=thread, body=f"Noch einmal @{mia.handle}")
    page.reload()
    expect(nav.get_by_role("link", name=re.compile("Benachrichtigungen"))).not_to_contain_text("neu)")
