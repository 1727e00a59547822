"""A member narrows a search with a facet checkbox, sorts it, gets title suggestions while typing,
and sees the hits of a corrected query when a typo hides in a compound."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cms.management.commands.load_demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server):
    page.goto(live_server.url + "/konto/login/")
    page.get_by_label("E-Mail").fill("mitglied@sicherimdienst.example")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/mitgliederbereich/$"))


def test_facets_sort_and_autocomplete(live_server, page, screenshots):
    call_command("load_demo")
    login(page, live_server)

    page.goto(live_server.url + "/suche/?q=Meldesystem")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Treffer")
    before = int(status.inner_text().split()[0])
    page.get_by_role("group", name="Art", exact=True).get_by_role(
        "checkbox", name=re.compile(r"^Forum")
    ).check()  # applied at once (search/facets.js); without script: "Filter anwenden"
    expect(page).to_have_url(re.compile(r"type=thread"))
    expect(
        page.get_by_role("group", name="Art", exact=True).get_by_role("checkbox", name=re.compile(r"^Forum"))
    ).to_be_checked()
    after = int(page.get_by_role("status").inner_text().split()[0])
    assert 0 < after < before
    thread = "Wie habt ihr den Personalrat beim Meldesystem eingebunden?"
    expect(page.get_by_role("link", name=thread)).to_be_visible()
    expect(page.locator(".result .type").first).to_have_text("Forum")

    page.get_by_label("Sortieren nach").select_option("date")  # applied at once, too
    expect(page).to_have_url(re.compile(r"sort=date"))
    expect(page).to_have_url(re.compile(r"type=thread"))
    page.screenshot(path=screenshots / "search-facets-1280.png", full_page=True)

    page.goto(live_server.url + "/suche/")
    page.get_by_label("Suchbegriff").press_sequentially("Kennz", delay=40)
    # the demo's forum discusses school signs too, so the practice is one completion among others
    practice = page.locator(
        '#search-completions option[value="Gütersloher Modell: Kennzeichnung von Schulen"]'
    )
    expect(practice).to_have_count(1)


def test_a_typo_in_a_compound_shows_the_corrected_hits(live_server, page, screenshots):
    call_command("load_demo")  # holds "Kennzeichnung von Schulen", never the word "Schulkennzeichnung"
    login(page, live_server)

    page.goto(live_server.url + "/suche/")
    page.get_by_label("Suchbegriff").fill("Schulkenzeichnung")
    page.get_by_role("button", name="Suchen").click()
    corrected = page.locator(".suggestion")
    expect(corrected).to_contain_text("Ergebnisse für Schulkennzeichnung (statt Schulkenzeichnung)")
    expect(page.get_by_role("link", name="Gütersloher Modell: Kennzeichnung von Schulen")).to_be_visible()
    page.screenshot(path=screenshots / "search-corrected-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 667})
    page.screenshot(path=screenshots / "search-corrected-375.png", full_page=True)

    page.get_by_role("link", name="Stattdessen nach „Schulkenzeichnung“ suchen").click()
    expect(page).to_have_url(re.compile(r"autocorrect=0"))
    expect(page.get_by_label("Suchbegriff")).to_have_value("Schulkenzeichnung")
    expect(page.locator(".suggestion")).to_have_text("Meinten Sie Schulkennzeichnung?")
    page.get_by_role("link", name="Schulkennzeichnung", exact=True).click()
    expect(page.get_by_role("link", name="Gütersloher Modell: Kennzeichnung von Schulen")).to_be_visible()
    expect(page.locator(".suggestion")).to_have_count(0)
