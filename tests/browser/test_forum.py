"""A member starts a thread with Markdown and a mention, the mentioned colleague finds the
notification, replies through the reply form (no JavaScript needed), and the author marks the reply
as the solution."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, CategoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, email):
    page.goto(base + "/konto/login/")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/mitgliederbereich/$"))


def logout(page):
    page.get_by_role("button", name="Abmelden").click()


def test_thread_reply_and_solution(live_server, page, member, partner, screenshots):
    CategoryFactory(name="Praxisfragen", slug="praxisfragen")
    base = live_server.url
    partner.refresh_from_db()
    assert partner.handle  # made from the name: what members type after "@"

    login(page, base, member.email)
    page.goto(base + "/forum/kategorie/praxisfragen/")
    page.get_by_role("link", name="Neues Thema").click()
    page.get_by_label("Titel").fill("Personalrat beim Meldesystem")
    page.get_by_label("Beitrag").fill(f"Wie habt ihr den **Personalrat** eingebunden, @{partner.handle}?")
    page.get_by_role("button", name="Vorschau").click()
    expect(page.locator(".preview strong")).to_have_text("Personalrat")
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personalrat beim Meldesystem")
    expect(page.locator("article .post-body strong")).to_have_text("Personalrat")
    expect(page.locator("article .post-body a.mention")).to_have_text(f"@{partner.handle}")
    logout(page)

    login(page, base, partner.email)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name=re.compile(r"Benachrichtigungen \(1 neu\)")
    ).click()
    page.get_by_role("link", name=re.compile("hat Sie in „Personalrat beim Meldesystem“ erwähnt")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personalrat beim Meldesystem")
    page.get_by_role("link", name="Zitieren").click()
    expect(page.get_by_label("Beitrag")).to_have_value(re.compile(r"^> \*\*Erika Muster\*\* schrieb:"))
    page.get_by_label("Beitrag").press("End")
    page.get_by_label("Beitrag").fill(
        page.get_by_label("Beitrag").input_value() + "Von Anfang an, mit einer *Dienstvereinbarung*."
    )
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.locator("article").nth(1).locator("blockquote")).to_be_visible()
    expect(page.locator("article").nth(1).locator("em")).to_have_text("Dienstvereinbarung")
    logout(page)

    login(page, base, member.email)
    page.goto(base + "/forum/kategorie/praxisfragen/")
    page.get_by_role("link", name="neu – zum ersten ungelesenen Beitrag").click()
    reply = page.locator("article").nth(1)
    expect(reply.get_by_text("neu", exact=True)).to_be_visible()
    reply.get_by_role("button", name="Als Lösung markieren").click()
    expect(page.get_by_text("Als Lösung markiert.")).to_be_visible()
    expect(page.locator("article.solution")).to_contain_text("Dienstvereinbarung")
    page.screenshot(path=screenshots / "forum-thread-solution-1280.png", full_page=True)
