"""A member logs in, searches for a word from a practice, opens the hit, then a forum thread."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cms.management.commands.load_demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_logs_in_searches_and_opens_a_hit(live_server, page, screenshots):
    call_command("load_demo")  # publishes through Wagtail; the outbox task indexes on commit

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeinsam gegen Gewalt am Arbeitsplatz")
    page.screenshot(path=screenshots / "public-start-1280.png", full_page=True)
    page.get_by_role("main").get_by_role("link", name="Anmelden").click()

    page.get_by_label("E-Mail").fill("mitglied@sicherimdienst.example")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/mitgliederbereich/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Willkommen, Mia Mitglied")
    page.screenshot(path=screenshots / "members-start-1280.png", full_page=True)

    page.get_by_label("Praxisbeispiele und Forum durchsuchen").fill("Schulen")
    page.get_by_role("button", name="Suchen").click()
    hit = page.get_by_role("link", name="Gütersloher Modell: Kennzeichnung von Schulen")
    expect(hit).to_be_visible()
    expect(page.locator(".snippet mark").first).to_have_text(re.compile(r"Schule", re.I))
    page.screenshot(path=screenshots / "search-1280.png", full_page=True)
    hit.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gütersloher Modell: Kennzeichnung von Schulen")

    page.get_by_role("navigation").get_by_role("link", name="Forum").click()
    page.get_by_role("link", name="Praxisfragen").click()
    page.get_by_role("link", name="Wie habt ihr den Personalrat beim Meldesystem eingebunden?").click()
    expect(page.locator(".post-body strong")).to_have_text("Wann")
    page.screenshot(path=screenshots / "thread-1280.png", full_page=True)
