"""Saved searches in Chromium: a member saves the current search from the search page and manages
it under the profile; the unsubscribe page of an alert e-mail works without login. axe-core finds
no WCAG 2.1 A/AA violation on these pages at 375 and 1280 px; screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect

from exchange.alerts.unsubscribe import unsubscribe_path
from exchange.models import SavedSearch

from .test_accessibility import MEMBER, WCAG_TAGS, WIDTHS, _format, _session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Page, name: str, width: int, screenshots, problems: list[str]) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} at {width}px scrolls horizontally by {overflow}px"
    violations = (
        Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response["violations"]
    )
    if violations:
        problems.append(_format(f"{name}@{width}", violations))
    page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)


def test_save_manage_and_unsubscribe_at_both_widths(live_server, browser, screenshots):
    call_command("load_demo")
    problems: list[str] = []
    for width, height in sorted(WIDTHS.items()):
        member = browser.new_context(locale="de-DE", viewport={"width": width, "height": height})
        member.add_cookies([_session_cookie(live_server.url, MEMBER)])
        page = member.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/suche/?q=Schulen&sort=date")
        page.get_by_text("Diese Suche speichern").click()
        page.get_by_label("Name der Suche").fill(f"Schulen ({width})")
        page.get_by_label("E-Mail bei neuen Treffern").select_option("daily")
        _check(page, "search-save-form", width, screenshots, problems)
        page.get_by_role("button", name="Suche speichern").click()

        expect(page).to_have_url(f"{live_server.url}/profil/suchen/")
        expect(page.locator(".messages")).to_contain_text(f"Die Suche „Schulen ({width})“ ist gespeichert.")
        saved = SavedSearch.objects.get(name=f"Schulen ({width})")
        assert (saved.query, saved.filters, saved.frequency) == ("Schulen", {"sort": ["date"]}, "daily")
        _check(page, "saved-searches", width, screenshots, problems)
        page.get_by_label("Name", exact=True).first.fill("Hausverbot (alle Bereiche)")
        page.get_by_role("button", name="Ändern").first.click()
        expect(page.locator(".messages")).to_contain_text("Ihre Änderungen sind gespeichert.")
        if width == 1280:  # the same page in error: a name that is already taken
            page.get_by_label("Name", exact=True).nth(1).fill("Hausverbot (alle Bereiche)")
            page.get_by_role("button", name="Ändern").nth(1).click()
            expect(page.get_by_role("alert")).to_contain_text("schon eine Suche mit diesem Namen")
            _check(page, "saved-searches-error", width, screenshots, problems)
        member.close()

        anonymous = browser.new_context(locale="de-DE", viewport={"width": width, "height": height})
        page = anonymous.new_page()
        page.goto(live_server.url + unsubscribe_path(saved.pk))
        _check(page, "alert-unsubscribe", width, screenshots, problems)
        page.get_by_role("button", name="Keine E-Mails mehr senden").click()
        expect(page.locator(".notice--success")).to_contain_text("keine E-Mails mehr")
        saved.refresh_from_db()
        assert saved.frequency == "none"
        page.goto(live_server.url + "/suchen/abmelden/verändert:abc/")
        expect(page.get_by_role("alert")).to_contain_text("ungültig oder wurde verändert")
        anonymous.close()
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
