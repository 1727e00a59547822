"""The search page as a person uses it, on a laptop (1280x800) and a phone (375x667), with the demo
content (several practices and forum threads): the first hit on the first screen, the facets beside
the hits or folded under "Filter", a ticked facet applied at once, chips that remove a filter, the
same without JavaScript, and axe over the new layout. Screenshots: search-page-*.png."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {1280: 800, 375: 667}
WIDE = 1280
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
QUERY = "Beschäftigte"  # in the demo: practices and a forum thread


def member_context(browser, live_server, width: int, *, javascript: bool = True):
    client = Client()
    client.force_login(get_user_model().objects.get(email="mitglied@sicherimdienst.example"))
    context = browser.new_context(
        locale="de-DE", viewport={"width": width, "height": SIZES[width]}, java_script_enabled=javascript
    )
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return context


def assert_first_hit_on_first_screen(page: Page) -> None:
    """The first hit starts inside the viewport as the page opens (no scrolling) and its title is
    wholly inside it."""
    assert page.evaluate("window.scrollY") == 0
    viewport = page.viewport_size
    assert viewport is not None
    first = page.locator("ol.results > li").first
    hit, title = first.bounding_box(), first.get_by_role("heading").first.bounding_box()
    assert hit is not None and title is not None
    assert 0 <= hit["y"] < viewport["height"], (hit, viewport)
    assert title["y"] >= hit["y"] and title["y"] + title["height"] <= viewport["height"], (title, viewport)
    assert title["x"] >= 0 and title["x"] + title["width"] <= viewport["width"], (title, viewport)


def axe_violations(page: Page, name: str) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{name}: {v['id']} {v['help']} -> {[n.get('target') for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width", sorted(SIZES))
def test_first_hit_facets_chips_and_axe(live_server, browser, screenshots, width):
    call_command("load_demo")
    context = member_context(browser, live_server, width)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    try:
        page.goto(f"{live_server.url}/suche/?q={QUERY}")
        status = page.get_by_role("status")
        expect(status).to_contain_text("Treffer")
        hits = int(status.inner_text().split()[0])
        assert hits >= 4
        assert {t.lower() for t in page.locator("ol.results .type").all_inner_texts()} >= {
            "forum",
            "praxisbeispiel",
        }
        assert_first_hit_on_first_screen(page)
        page.screenshot(path=screenshots / f"search-page-{width}.png")
        page.screenshot(path=screenshots / f"search-page-{width}-full.png", full_page=True)

        forum_box = page.get_by_role("group", name="Art", exact=True).get_by_role(
            "checkbox", name=re.compile(r"^Forum")
        )
        fold = page.locator("details[data-filter-fold] > summary")
        if width == WIDE:  # a sidebar beside the hits, always open, no fold
            expect(fold).to_be_hidden()
            expect(forum_box).to_be_visible()
            sidebar = page.locator(".search-filters").bounding_box()
            results = page.locator(".search-results").bounding_box()
            assert sidebar and results and sidebar["x"] + sidebar["width"] <= results["x"]
            assert abs(sidebar["y"] - results["y"]) < 5  # side by side, not stacked
        else:  # folded under "Filter"; the fold opens on a tap
            expect(fold).to_be_visible()
            expect(fold).to_contain_text("Filter")
            expect(forum_box).to_be_hidden()
            problems += axe_violations(page, f"search-folded@{width}")
            fold.click()
            expect(forum_box).to_be_visible()
            page.screenshot(path=screenshots / f"search-page-filters-open-{width}.png", full_page=True)
        problems += axe_violations(page, f"search@{width}")

        # with JavaScript, ticking the box applies it: no "Filter anwenden" to press
        expect(page.get_by_role("button", name="Filter anwenden")).to_be_hidden()
        expect(page.get_by_text("Ein Häkchen wendet den Filter sofort an.")).to_be_visible()
        forum_box.check()
        expect(page).to_have_url(re.compile(r"type=thread"))
        chip = page.get_by_role("link", name="Filter Art: Forum entfernen")
        expect(chip).to_be_visible()
        narrowed = int(page.get_by_role("status").inner_text().split()[0])
        assert 0 < narrowed < hits
        assert {t.lower() for t in page.locator("ol.results .type").all_inner_texts()} == {"forum"}
        # the focus is back on the box that was ticked (the page was reloaded under it)
        expect(
            page.get_by_role("group", name="Art", exact=True).get_by_role(
                "checkbox", name=re.compile(r"^Forum")
            )
        ).to_be_focused()
        problems += axe_violations(page, f"search-filtered@{width}")

        # opened afresh with a filter (a chip above the hits), the first hit is still on the first screen
        page.goto(page.url)
        assert_first_hit_on_first_screen(page)
        page.screenshot(path=screenshots / f"search-page-filtered-{width}.png")

        page.get_by_role("link", name="Filter Art: Forum entfernen").click()
        expect(page).not_to_have_url(re.compile(r"type="))
        expect(page.get_by_role("link", name=re.compile(r"^Filter .* entfernen$"))).to_have_count(0)
        assert int(page.get_by_role("status").inner_text().split()[0]) == hits
    finally:
        context.close()
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", sorted(SIZES))
def test_filters_work_without_javascript(live_server, browser, screenshots, width):
    call_command("load_demo")
    context = member_context(browser, live_server, width, javascript=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/suche/?q={QUERY}")
        if width != WIDE:
            page.locator("details[data-filter-fold] > summary").click()  # <details>: no script needed
        page.get_by_role("group", name="Art", exact=True).get_by_role(
            "checkbox", name=re.compile(r"^Forum")
        ).check()
        expect(page).not_to_have_url(re.compile(r"type="))  # nothing happens before the button
        page.get_by_role("button", name="Filter anwenden").click()
        expect(page).to_have_url(re.compile(r"q=Besch.*type=thread|type=thread.*q=Besch"))
        expect(page.get_by_role("link", name="Filter Art: Forum entfernen")).to_be_visible()
        page.get_by_label("Sortieren nach").select_option("date")
        page.get_by_role("button", name="Sortieren").click()
        expect(page).to_have_url(re.compile(r"sort=date"))
        expect(page).to_have_url(re.compile(r"type=thread"))  # the filter stays
        page.screenshot(path=screenshots / f"search-page-nojs-{width}.png", full_page=True)
    finally:
        context.close()
