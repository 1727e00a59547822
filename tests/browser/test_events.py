"""A member registers for an event in Chromium; axe at 375 and 1280 px on the page before and after,
with screenshots of the event with its registration in test-artifacts/screenshots/."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from cms.events.models import EventMaterial, Registration
from cms.events.services import event_index_ensure
from tests.browser.test_accessibility import WCAG_TAGS, WIDTHS, _format, _session_cookie
from tests.cms.events.conftest import event_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_member_registers_for_an_event_and_the_page_passes_axe(
    live_server, browser, screenshots, site_tree, member, width
):
    index = event_index_ensure(home=site_tree[0])
    event = event_publish(index, title="Netzwerktreffen: Meldesysteme in der Praxis", days=14, capacity=20)
    event.body = "<h3>Programm</h3><ul><li>Praxisbericht Stadt Bonn</li><li>Arbeitsgruppen</li></ul>"
    event.save_revision().publish()
    assert EventMaterial.objects.count() == 0
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": WIDTHS[width]})
    context.add_cookies([_session_cookie(live_server.url, member.email)])
    page = context.new_page()
    axe = Axe()
    problems: list[str] = []
    try:
        page.goto(live_server.url + event.url)
        problems += _axe(axe, page, f"event-before@{width}")
        page.get_by_role("button", name="Verbindlich anmelden").click()
        expect(page.locator(".messages")).to_contain_text("Sie sind angemeldet.")
        expect(page.locator("#anmeldung")).to_contain_text("Sie sind angemeldet.")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        problems += _axe(axe, page, f"event-registered@{width}")
        page.screenshot(path=screenshots / f"event-with-registration-{width}.png", full_page=True)
    finally:
        context.close()
    assert Registration.objects.get(user=member, event=event).status == Registration.Status.REGISTERED
    assert event.start > timezone.now() + datetime.timedelta(days=13)
    assert not problems, "WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def _axe(axe: Axe, page, name: str) -> list[str]:
    violations = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response[
        "violations"
    ]
    return [_format(name, violations)] if violations else []
