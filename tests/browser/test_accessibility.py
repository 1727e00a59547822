"""axe-core on every main page type, at phone (375 px) and desktop (1280 px) width, with screenshots.

Fails on any WCAG 2.0/2.1 level A or AA violation. axe-core comes from the PyPI package
axe-playwright-python (it bundles axe.min.js; no CDN). The demo content is loaded once per width and
every page in PAGES is checked in that run, so one slow setup serves all pages; a new page type is
one line in PAGES. Screenshots land in test-artifacts/screenshots/ (printed at the end of the run).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page, expect

from cms.models import PracticePage
from exchange.models import Category, Conversation, Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {375: 812, 1280: 900}
MEMBER = "mitglied@sicherimdienst.example"
EDITOR = "redaktion@sicherimdienst.example"
PARTNER = "partner@sicherimdienst.example"


@dataclass(frozen=True)
class Demo:
    practice_url: str
    category_url: str
    thread_url: str
    conversation_url: str


def _demo() -> Demo:
    practice = PracticePage.objects.live().get(title="Gütersloher Modell: Kennzeichnung von Schulen")
    category = Category.objects.get(name="Praxisfragen")
    thread = Thread.objects.filter(category=category).order_by("pk").first()
    assert thread is not None
    return Demo(
        practice_url=practice.url,
        category_url=f"/forum/kategorie/{category.slug}/",
        thread_url=f"/forum/thema/{thread.pk}/",
        conversation_url=f"/nachrichten/{_conversation_of(MEMBER)}/",
    )


def _conversation_of(email: str) -> int:
    conversation = Conversation.objects.filter(participants__user__email=email).order_by("pk").first()
    assert conversation is not None, "load_demo writes direct messages (cms/demo/messages.py)"
    return conversation.pk


def _fill_wrong_login(page: Page) -> None:
    page.get_by_label("E-Mail").fill("niemand@example.org")
    page.get_by_label("Passwort").fill("falsches-passwort")
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page.locator(".errorlist")).to_be_visible()


def _submit_empty_profile_name(page: Page) -> None:
    page.get_by_label("Vorname").fill("")
    page.get_by_role("main").get_by_role("button", name="Speichern").click()
    expect(page.get_by_label("Vorname")).to_have_attribute("aria-invalid", "true")


def _send_empty_join_form(page: Page) -> None:
    page.get_by_role("button", name="Anfrage senden").click()
    expect(page.get_by_label("Name der Organisation")).to_have_attribute("aria-invalid", "true")


def _preview_new_thread(page: Page) -> None:
    page.get_by_label("Titel").fill("Personalrat einbinden")
    page.get_by_label("Beitrag").fill("Wie habt ihr den **Personalrat** eingebunden?")
    page.get_by_role("button", name="Vorschau").click()
    expect(page.locator(".preview strong")).to_have_text("Personalrat")


# (name, who is logged in, url builder, optional action after loading) – one line per page type.
PAGES: list[tuple[str, str | None, Callable[[Demo], str], Callable[[Page], None] | None]] = [
    ("public-start", None, lambda d: "/", None),
    ("practice-index", None, lambda d: "/praxisbeispiele/", None),
    ("login", None, lambda d: "/konto/login/", None),
    ("login-with-errors", None, lambda d: "/konto/login/", _fill_wrong_login),
    ("signup", None, lambda d: "/konto/signup/", None),
    ("not-found-404", None, lambda d: "/diese-seite-gibt-es-nicht/", None),
    ("partner-list", None, lambda d: "/netzwerk/partner/", None),
    ("partner-list-filtered", None, lambda d: "/netzwerk/partner/?region=duesseldorf&kind=kreis", None),
    ("join-form", None, lambda d: "/mitmachen/", None),
    ("join-form-with-errors", None, lambda d: "/mitmachen/", _send_empty_join_form),
    ("news-index", None, lambda d: "/aktuelles/", None),
    ("news", None, lambda d: "/aktuelles/kreis-mettmann-tritt-bei/", None),
    ("members-start", MEMBER, lambda d: "/mitgliederbereich/", None),
    ("practice", MEMBER, lambda d: d.practice_url, None),
    ("demo-guide-index", None, lambda d: "/praeventionsleitfaden/", None),
    ("demo-guide-chapter", MEMBER, lambda d: "/praeventionsleitfaden/handeln-im-vorfall/", None),
    ("search-results", MEMBER, lambda d: "/suche/?q=Schulen", None),
    ("search-corrected", MEMBER, lambda d: "/suche/?q=Schulkenzeichnung", None),
    ("forum-index", MEMBER, lambda d: "/forum/", None),
    ("forum-category", MEMBER, lambda d: d.category_url, None),
    ("thread", MEMBER, lambda d: d.thread_url, None),
    ("new-thread-preview", MEMBER, lambda d: d.category_url + "neu/", _preview_new_thread),
    ("notifications", MEMBER, lambda d: "/benachrichtigungen/", None),
    ("notification-settings", MEMBER, lambda d: "/profil/benachrichtigungen/", None),
    ("profile", MEMBER, lambda d: "/profil/", None),
    ("profile-with-errors", MEMBER, lambda d: "/profil/", _submit_empty_profile_name),
    ("directory", MEMBER, lambda d: "/mitglieder/", None),
    ("messages", MEMBER, lambda d: "/nachrichten/", None),
    ("conversation", MEMBER, lambda d: d.conversation_url, None),
    ("message-settings", MEMBER, lambda d: "/nachrichten/einstellungen/", None),
    ("editor-queue-memberships", EDITOR, lambda d: "/mitgliedschaften/", None),
    ("editor-queue-forum-moderation", EDITOR, lambda d: "/forum/moderation/", None),
    ("thread-as-moderator", EDITOR, lambda d: d.thread_url, None),
    ("editor-queue-message-reports", EDITOR, lambda d: "/nachrichten/meldungen/", None),
    ("partner-organisation-members", PARTNER, lambda d: "/mitgliedschaften/", None),
    # events (cms/demo/events.py): the index, one with a place, one with the waiting list, one past
    # with materials, the person's registrations and calendar feed
    ("event-index", None, lambda d: "/veranstaltungen/", None),
    ("event-registered", MEMBER, lambda d: "/veranstaltungen/netzwerktreffen-herbst/", None),
    ("event-waiting-list", MEMBER, lambda d: "/veranstaltungen/webinar-deeskalation/", None),
    ("event-past-materials", MEMBER, lambda d: "/veranstaltungen/netzwerktreffen-fruehjahr/", None),
    ("event-calendar", MEMBER, lambda d: "/veranstaltungen/kalender/", None),
]


def _session_cookie(live_server_url: str, email: str) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    cookie = client.cookies["sessionid"]
    return {"name": "sessionid", "value": cookie.value, "url": live_server_url}


def _format(name: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]][:5]
        lines.append(f"{name}: {violation['id']} ({violation['impact']}) {violation['help']} -> {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_main_pages_meet_wcag_21_aa(live_server, browser, screenshots, width):
    call_command("load_demo")
    demo = _demo()
    axe = Axe()
    contexts: dict[str | None, object] = {}
    problems: list[str] = []
    checked: list[str] = []
    try:
        for name, who, url, action in PAGES:
            if who not in contexts:
                context = browser.new_context(
                    locale="de-DE", viewport={"width": width, "height": WIDTHS[width]}
                )
                if who is not None:
                    context.add_cookies([_session_cookie(live_server.url, who)])
                contexts[who] = context
            page = contexts[who].new_page()  # type: ignore[attr-defined]
            page.set_default_timeout(10_000)
            response = page.goto(live_server.url + url(demo))
            assert response is not None
            if action is not None:
                action(page)
            # the page is what we asked for (not a login redirect), in German
            assert page.locator("html").get_attribute("lang") == "de", name
            if who is not None:
                assert "/konto/login/" not in page.url, f"{name}: redirected to login"
            # nothing wider than the viewport: no horizontal scrolling on phones
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            widest = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                                 || e.scrollWidth > e.clientWidth + 1)
                    .slice(-3)
                    .map(e => e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 40))"""
            )
            assert overflow <= 0, f"{name} at {width}px scrolls horizontally by {overflow}px: {widest}"
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            violations = results.response["violations"]
            if violations:
                problems.append(_format(f"{name}@{width}", violations))
            page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
            checked.append(name)
            page.close()
    finally:
        for context in contexts.values():
            context.close()  # type: ignore[attr-defined]
    assert checked == [name for name, *_ in PAGES]
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_axe_check_can_fail(page):
    """The check above is real: the same axe run reports a missing label, alt text and contrast."""
    page.set_content(
        '<html lang="de"><body><main><h1>Test</h1><img src="x.png">'
        '<input type="text"><p style="color:#bbb">blass</p></main></body></html>'
    )
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    found = {v["id"] for v in results.response["violations"]}
    assert {"image-alt", "label", "color-contrast"} <= found


def test_skip_link_is_first_and_moves_focus_to_main(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visible when focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main")).to_be_focused()


def test_mobile_navigation_works_without_javascript(live_server, browser, screenshots):
    context = browser.new_context(
        locale="de-DE", viewport={"width": 320, "height": 700}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        nav = page.get_by_role("navigation", name="Hauptnavigation")
        link = nav.get_by_role("link", name="Praxisbeispiele")
        expect(link).to_be_visible()
        page.screenshot(path=screenshots / "mobile-nav-320.png", full_page=True)
        link.click()
        expect(page).to_have_url(re.compile(r"/praxisbeispiele/$"))
        expect(nav.get_by_role("link", name="Praxisbeispiele")).to_have_attribute("aria-current", "page")
    finally:
        context.close()
