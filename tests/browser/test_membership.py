"""A person requests access, verifies the e-mail address, the partner contact approves in the browser,
and the person logs in for the first time as a member."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from exchange.models import Membership
from tests.factories import PASSWORD, OrganisationFactory, member_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_verify_approve_first_login(live_server, browser, screenshots):
    org = OrganisationFactory(name="Stadt Bonn")
    member_create(org, email="partner@bonn.example", role=Membership.Role.PARTNER_CONTACT)
    mail.outbox.clear()

    applicant = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = applicant.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/konto/login/")
    page.get_by_role("link", name="Zugang beantragen").click()
    page.get_by_label("E-Mail").fill("nina.neu@bonn.example")
    page.get_by_label("Vorname").fill("Nina")
    page.get_by_label("Nachname").fill("Neu")
    page.get_by_label("Funktion / Position").fill("Bürgerbüro")
    page.get_by_label("Organisation").select_option(label="Stadt Bonn")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.screenshot(path=screenshots / "signup-1280.png", full_page=True)
    page.get_by_role("main").get_by_role("button", name="Zugang beantragen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("E-Mail")

    [verification] = [m for m in mail.outbox if m.to == ["nina.neu@bonn.example"]]
    link = re.search(r"https?://\S+(/konto/confirm-email/\S+/)", verification.body).group(1)
    mail.outbox.clear()
    page.goto(live_server.url + link)
    page.get_by_role("main").get_by_role("button").click()
    # verified and logged in, but not yet approved: nothing of the members area
    page.goto(live_server.url + "/mitgliederbereich/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Zugang ist noch nicht freigegeben")
    assert [m.to for m in mail.outbox] == [["partner@bonn.example"]]
    page.get_by_role("banner").get_by_role("button", name="Abmelden").click()

    contact = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    partner_page = contact.new_page()
    partner_page.set_default_timeout(10_000)
    partner_page.goto(live_server.url + "/mitgliedschaften/")
    partner_page.get_by_label("E-Mail").fill("partner@bonn.example")
    partner_page.get_by_label("Passwort").fill(PASSWORD)
    partner_page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(partner_page).to_have_url(re.compile(r"/mitgliedschaften/$"))
    partner_page.screenshot(path=screenshots / "membership-requests-1280.png", full_page=True)
    partner_page.get_by_role("button", name="Nina Neu freigeben").click()
    expect(partner_page.get_by_role("status")).to_contain_text("wurde freigegeben")
    contact.close()
    assert any("freigegeben" in m.subject for m in mail.outbox if m.to == ["nina.neu@bonn.example"])

    page.goto(live_server.url + "/konto/login/")
    page.get_by_label("E-Mail").fill("nina.neu@bonn.example")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/mitgliederbereich/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Willkommen, Nina Neu")
    page.screenshot(path=screenshots / "first-login-1280.png", full_page=True)
    applicant.close()
