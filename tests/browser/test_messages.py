"""A member writes to a colleague from the profile page, the colleague sees the count in the
navigation, opens the conversation and answers; axe-core finds nothing on the conversation at 375
and 1280 px, and screenshots of it land in test-artifacts/screenshots/."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from exchange.models import Membership
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def person(org, email, first, last):
    user = UserFactory(email=email, first_name=first, last_name=last)
    Membership.objects.create(user=user, organisation=org, status=Membership.Status.ACTIVE)
    return user


def logged_in(browser, live_server, user, width):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(30_000)  # a busy machine (shared CPUs)
    return context, page


def test_write_from_the_profile_read_answer_and_axe(live_server, browser, screenshots):
    org = OrganisationFactory(name="Stadt Bonn")
    mia = person(org, "mia@bonn.example", "Mia", "Mitglied")
    paul = person(org, "paul@bonn.example", "Paul", "Partner")

    context, page = logged_in(browser, live_server, mia, 1280)
    page.goto(f"{live_server.url}/mitglieder/{paul.pk}/")
    page.get_by_role("link", name="Nachricht schreiben").click()
    page.get_by_label("Nachricht").fill("Wie habt ihr den **Notrufknopf** eingeführt?")
    page.get_by_role("button", name="Senden").click()
    expect(page.locator(".post-body strong")).to_have_text("Notrufknopf")
    context.close()

    axe = Axe()
    for width in (1280, 375):
        context, page = logged_in(browser, live_server, paul, width)
        page.goto(f"{live_server.url}/mitgliederbereich/")
        if width == 1280:
            nav = page.get_by_role("navigation").get_by_role("link", name="Nachrichten")
            expect(nav.first).to_contain_text("1 neu")
            nav.first.click()
            page.get_by_role("link", name="Mia Mitglied").click()
            page.get_by_label("Nachricht").fill("Mit dem Personalrat, in drei Schritten.")
            page.get_by_role("button", name="Senden").click()
            expect(page.locator("article.message")).to_have_count(2)
        else:
            page.goto(f"{live_server.url}/nachrichten/")
            page.get_by_role("link", name="Mia Mitglied").click()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the conversation scrolls sideways at {width}px"
        violations = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response[
            "violations"
        ]
        assert violations == [], [v["id"] for v in violations]
        page.screenshot(path=screenshots / f"conversation-{width}.png", full_page=True)
        context.close()
