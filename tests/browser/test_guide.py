"""The prevention guide in Chromium: axe at phone and desktop width, the chapter printed as a checklist.

The content is the demo's guide (cms.demo.guide), so what is checked is what a newcomer sees.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from cms.demo import guide as guide_demo
from cms.models import GuideChapterPage
from tests.browser.test_accessibility import WCAG_TAGS, WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_guide(site_tree):
    guide_demo.load()
    return {c.slug: c for c in GuideChapterPage.objects.live()}


def _member_context(browser, live_server, member, width):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": WIDTHS[width]})
    client = Client()
    client.force_login(member)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_guide_pages_meet_wcag_21_aa(live_server, browser, screenshots, demo_guide, member, width):
    context = _member_context(browser, live_server, member, width)
    pages = {
        "guide-index": "/praeventionsleitfaden/",
        "guide-chapter": demo_guide["vorsorge-nach-dem-top-prinzip"].url,
        "guide-chapter-members": demo_guide["handeln-im-vorfall"].url,
    }
    problems = []
    try:
        for name, url in pages.items():
            page = context.new_page()
            page.goto(live_server.url + url)
            assert "/konto/login/" not in page.url, name
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} at {width}px scrolls horizontally by {overflow}px"
            violations = (
                Axe()
                .run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
                .response["violations"]
            )
            problems += [f"{name}@{width}: {v['id']} {v['help']}" for v in violations]
            page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
            page.close()
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_a_chapter_prints_as_a_clean_checklist(live_server, browser, screenshots, demo_guide, member):
    chapter = demo_guide["nachsorge"]  # members only
    context = _member_context(browser, live_server, member, 1280)
    page = context.new_page()
    try:
        page.goto(live_server.url + chapter.url)
        expect(page.get_by_role("heading", name="Praxisbeispiele zu diesem Kapitel")).to_be_visible()
        expect(page.get_by_role("button", name="Als Checkliste drucken")).to_be_visible()
        prose = page.get_by_text("Ein Vorfall wird dokumentiert und gemeldet")
        expect(prose).to_be_visible()
        page.emulate_media(media="print")
        expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_hidden()
        expect(page.get_by_role("button", name="Als Checkliste drucken")).to_be_hidden()
        expect(page.get_by_role("heading", name="Melden, anzeigen, auswerten")).to_be_visible()
        expect(page.get_by_text("Vorfall im Meldesystem dokumentieren")).to_be_visible()
        expect(prose).to_be_hidden()  # the prose stays on screen, the checklist goes on paper
        expect(page.get_by_role("heading", name="Praxisbeispiele zu diesem Kapitel")).to_be_hidden()
        expect(page.get_by_text(re.compile(r"^Online: http"))).to_be_visible()
        pdf = page.pdf(format="A4", print_background=False)
        (screenshots / "guide-chapter-print.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"the chapter's checklist prints on {pages} pages"
    finally:
        context.close()
