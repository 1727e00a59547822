"""A practice page prints as a one-page checklist: essentials, checklist, contact; no navigation."""

import re

import pytest
from playwright.sync_api import expect

from cms.models import PracticePage
from tests.factories import OrganisationFactory, practice_classify, practice_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practice_page_prints_as_one_page_checklist(live_server, browser, practice_index, screenshots):
    org = OrganisationFactory(name="Stadt Gütersloh")
    page_ = practice_publish(
        practice_index,
        title="Gütersloher Modell: Kennzeichnung von Schulen",
        organisation=org,
        audience="public",
        summary="Schulgebäude werden einheitlich gekennzeichnet, damit Einsatzkräfte Räume schnell finden.",
        body="Im Notfall zählt jede Minute. " * 60,
    )
    practice = PracticePage.objects.get(pk=page_.pk)
    practice.body = [
        *[("step", {"title": f"Schritt {n}: Bestandsaufnahme", "text": "<p>Text</p>"}) for n in range(1, 4)],
        ("text", "<p>" + "Lange Beschreibung. " * 200 + "</p>"),
    ]
    practice.costs = "Schilder: rund 50 Euro je Schule."
    practice.contact_name = "Paul Partner"
    practice.contact_email = "partner@example.org"
    practice.save_revision().publish()
    practice_classify(practice, target_groups=["Lehrkräfte / Schulen"], phases=["Vorsorge"])

    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + practice.url)
        expect(page.get_by_role("button", name="Als Checkliste drucken")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_hidden()
        expect(page.get_by_role("heading", name="Checkliste zur Übernahme")).to_be_visible()
        expect(page.get_by_text("Schritt 2: Bestandsaufnahme").last).to_be_visible()
        expect(page.get_by_text("Lange Beschreibung.").first).to_be_hidden()  # long text stays on screen
        expect(page.get_by_text(re.compile(r"^Online: http"))).to_be_visible()
        expect(page.get_by_text("Paul Partner")).to_be_visible()
        pdf = page.pdf(format="A4", print_background=False)
        (screenshots / "practice-print.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"the checklist prints on {pages} pages"
    finally:
        context.close()
