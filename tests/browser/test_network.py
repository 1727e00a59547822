"""A person asks to join the network in Chromium, and an editor finds the request on the dashboard."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from cms.network.models import JoinRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_organisation_asks_to_join_and_the_editor_sees_it_waiting(
    live_server, browser, screenshots, settings
):
    call_command("load_demo")
    settings.NETWORK_JOIN = {**settings.NETWORK_JOIN, "MIN_SECONDS": 1}
    context = browser.new_context(locale="de-DE", viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/netzwerk/partner/")
        expect(page.get_by_role("heading", name="Regierungsbezirk Düsseldorf")).to_be_visible()
        page.get_by_role("combobox", name="Regierungsbezirk").select_option("koeln")
        page.get_by_role("button", name="Anzeigen").click()
        expect(page.get_by_text("Stadt Bonn")).to_be_visible()
        expect(page.get_by_text("Kreis Mettmann")).to_have_count(0)
        page.get_by_role("link", name="Ihre Organisation möchte mitmachen?").first.click()

        page.get_by_label("Name der Organisation").fill("Stadt Beispielhausen")
        page.get_by_role("combobox", name="Art der Organisation").select_option("kommune")
        page.get_by_role("combobox", name="Regierungsbezirk").select_option("arnsberg")
        page.get_by_label("Vor- und Nachname").fill("Bea Beispiel")
        page.get_by_label("Dienstliche E-Mail-Adresse").fill("bea@beispielhausen.example")
        page.get_by_label("Ich willige ein").check()
        page.screenshot(path=screenshots / "join-form-filled-375.png", full_page=True)
        page.wait_for_timeout(1200)  # a person takes longer than the form's minimum fill time
        page.get_by_role("button", name="Anfrage senden").click()
        expect(page.get_by_role("heading", name="Vielen Dank für Ihre Anfrage")).to_be_visible()
        assert JoinRequest.objects.filter(organisation_name="Stadt Beispielhausen").exists()

        editor = Client()
        editor.force_login(get_user_model().objects.get(email="redaktion@sicherimdienst.example"))
        context.add_cookies(
            [{"name": "sessionid", "value": editor.cookies["sessionid"].value, "url": live_server.url}]
        )
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + "/cms/")
        expect(page.get_by_text("2 Beitrittsanfragen warten auf Ihre Entscheidung.")).to_be_visible()
        page.screenshot(path=screenshots / "editor-dashboard-join-requests-1280.png", full_page=True)
    finally:
        context.close()
