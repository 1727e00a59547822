"""The editors' desk in Chromium: the demo editor logs in the real way (password, then TOTP) and
finds the desk's panels on the Wagtail dashboard, each with a count and links; axe checks the
panels' own markup (Wagtail's admin around them is Wagtail's); screenshots at both widths."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from cms.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PANELS = [
    "Mitgliedschaften warten auf Freigabe",
    "Praxisbeispiele in Prüfung",
    "Gemeldete Beiträge",
    "Praxisbeispiele zur Überprüfung fällig",
    "Suchen ohne Treffer (letzte 7 Tage)",
]


def _editor_login(page, base_url):
    page.goto(base_url + "/konto/login/")
    page.get_by_label("E-Mail").fill("redaktion@sicherimdienst.example")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    counter = next(iter(yield_hotp_counters_from_time()))
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
    page.get_by_role("main").get_by_role("button", name="Anmeldung").click()
    expect(page).to_have_url(re.compile(r"/mitgliederbereich/$"))


def test_editor_finds_the_desk_on_the_dashboard(live_server, page, screenshots):
    call_command("load_demo")
    _editor_login(page, live_server.url)
    page.goto(live_server.url + "/cms/")
    for heading in PANELS:
        expect(page.get_by_role("heading", name=re.compile(re.escape(heading) + r" \(\d+\)"))).to_be_visible()
    flags = page.locator("#desk-flags-section")
    expect(flags.get_by_role("link", name="Bodycams: was gehört in die Dienstvereinbarung?")).to_be_visible()
    expect(page.locator("#desk-zero-results-section")).to_contain_text("schutzweste gerichtsvollzieher")

    results = Axe().run(
        page,
        context={"include": [["section.cms-desk"]]},
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}},
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []
    # Wagtail's admin scrolls inside its own container: a tall window shows the whole desk.
    page.set_viewport_size({"width": 1280, "height": 2000})
    page.screenshot(path=screenshots / "editors-desk-1280.png", full_page=True)
    # A phone opens the admin at its own width: resized in place, Wagtail's sidebar is still
    # collapsing (an animated margin) while the page is measured, which is no layout a person sees.
    page.set_viewport_size({"width": 375, "height": 2600})
    page.reload()
    expect(page.get_by_role("heading", name=re.compile(re.escape(PANELS[0]) + r" \(\d+\)"))).to_be_visible()
    page.screenshot(path=screenshots / "editors-desk-375.png", full_page=True)
    overflow = page.evaluate(
        "Math.max(...[...document.querySelectorAll('section.cms-desk')]"
        ".map(e => e.scrollWidth - e.clientWidth))"
    )
    assert overflow <= 0, f"a desk panel scrolls horizontally at 375 px by {overflow}px"

    # The flagged post's link leads to the post on its thread page.
    page.set_viewport_size({"width": 1280, "height": 900})
    flags.get_by_role("link", name="Bodycams: was gehört in die Dienstvereinbarung?").click()
    expect(page).to_have_url(re.compile(r"/forum/thema/\d+/#beitrag-\d+$"))
