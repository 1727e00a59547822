"""A partner contact publishes a practice in the Wagtail admin (submits it for review) and an editor
approves it; the author gets the e-mail, and members see the practice."""

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from cms.management.commands.load_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from cms.models import PracticeIndexPage, PracticePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base_url, email, totp_secret=None):
    page.goto(base_url + "/konto/login/")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    if totp_secret:
        counter = next(iter(yield_hotp_counters_from_time()))
        page.get_by_label("Code").fill(format_hotp_value(hotp_value(totp_secret, counter)))
        page.get_by_role("main").get_by_role("button", name="Anmeldung").click()
    expect(page).to_have_url(re.compile(r"/mitgliederbereich/$"))


def logout(page):
    page.context.clear_cookies()


def click_action(page, selector):
    """Footer actions of the Wagtail editor sit in a drop-down; click the button itself."""
    page.locator(selector).first.evaluate("button => button.click()")


def test_partner_submits_practice_and_editor_approves(live_server, page, screenshots):
    call_command("load_demo")
    index = PracticeIndexPage.objects.get()

    # The partner contact of Stadt Gütersloh writes a practice in the admin and submits it.
    login(page, live_server.url, "partner@sicherimdienst.example")
    page.goto(f"{live_server.url}/cms/pages/add/cms/practicepage/{index.pk}/")
    page.locator("#id_title").fill("Notfallordner für jede Schule")
    page.locator("#id_summary").fill("Ein Ordner mit Plänen und Ansprechpersonen liegt an jedem Eingang.")
    expect(page.locator("#id_organisation option:checked")).to_have_text("Stadt Gütersloh")
    page.get_by_label("Lehrkräfte / Schulen").check()
    page.get_by_label("Vorsorge").check()
    page.get_by_label("organisatorisch").check()
    page.screenshot(path=screenshots / "partner-practice-form-1280.png", full_page=True)
    click_action(page, 'button[name="action-submit"]')
    expect(page).to_have_url(re.compile(r"/cms/pages/\d+/(edit/)?$|/cms/pages/\d+/$"))
    practice = PracticePage.objects.get(title="Notfallordner für jede Schule")
    assert not practice.live
    state = WorkflowState.objects.get(object_id=str(practice.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any("Zur Prüfung eingereicht" in m.subject for m in mail.outbox)

    # The editor approves it in the editor's footer.
    logout(page)
    login(page, live_server.url, "redaktion@sicherimdienst.example", totp_secret=DEMO_TOTP_SECRET)
    page.goto(f"{live_server.url}/cms/pages/{practice.pk}/edit/")
    expect(page.locator('[data-workflow-action-name="approve"]').first).to_be_attached()
    page.screenshot(path=screenshots / "editor-review-1280.png", full_page=True)
    click_action(page, '[data-workflow-action-name="approve"]')
    page.wait_for_load_state("networkidle")
    expect(page.locator("body")).to_contain_text("Notfallordner")
    practice.refresh_from_db()
    assert practice.live
    approved = [m for m in mail.outbox if "freigegeben" in m.subject]
    assert [m.to for m in approved] == [["partner@sicherimdienst.example"]]

    # A member of another organisation now finds it.
    logout(page)
    login(page, live_server.url, "kollege@sicherimdienst.example")
    page.goto(live_server.url + practice.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Notfallordner für jede Schule")
    expect(page.locator("dl.facts").first).to_contain_text("Lehrkräfte / Schulen")
    page.screenshot(path=screenshots / "practice-detail-1280.png", full_page=True)
