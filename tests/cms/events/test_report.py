"""The editors' participant list in the Wagtail admin, exported as CSV and XLSX and read back."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cms.events import services
from tests.factories import member_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrations(publish, org):
    event = publish(title="Netzwerktreffen Münster", capacity=1)
    other = publish(title="Webinar", days=20)
    first = member_create(org, email="erste@example.org")
    second = member_create(org, email="zweite@example.org")
    services.registration_create(user=first, event=event)
    services.registration_create(user=second, event=event)
    services.registration_create(user=second, event=other)
    return event


def test_editors_export_the_participants_of_one_event_as_csv(client, editor, registrations):
    client.force_login(editor)
    url = reverse("events_participants")
    response = client.get(url, {"event": registrations.pk, "export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Veranstaltung", "Beginn", "Name", "E-Mail", "Organisation", "Status", "angemeldet am"]
    assert [(r[0], r[3], r[4], r[5]) for r in rows[1:]] == [
        ("Netzwerktreffen Münster", "erste@example.org", "Stadt Bonn", "angemeldet"),
        ("Netzwerktreffen Münster", "zweite@example.org", "Stadt Bonn", "Warteliste"),
    ]


def test_editors_export_all_participants_as_xlsx(client, editor, registrations):
    client.force_login(editor)
    response = client.get(reverse("events_participants"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][3] == "E-Mail"
    assert sorted((v[0], v[3]) for v in values[1:]) == [
        ("Netzwerktreffen Münster", "erste@example.org"),
        ("Netzwerktreffen Münster", "zweite@example.org"),
        ("Webinar", "zweite@example.org"),
    ]


def test_the_list_is_the_editors_only(client, partner, member, registrations):
    url = reverse("events_participants")
    client.force_login(partner)  # has admin access, but not to the participants
    assert client.get(url, {"export": "csv"}).status_code in (302, 403)
    client.force_login(member)
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 302 and "erste@example.org" not in response.content.decode()


def test_wagtails_page_types_report_is_the_editors_only(client, partner, editor, publish, working_group):
    """It names the last edited page of every type: a working group's event must not reach a partner
    contact through it."""
    event = publish(title="Treffen der AG intern", audience="groups", groups=[working_group])
    client.force_login(partner)
    response = client.get("/cms/reports/page-types-usage/")
    assert response.status_code in (302, 403) and event.title not in response.content.decode()
    client.force_login(editor)
    assert event.title in client.get("/cms/reports/page-types-usage/").content.decode()
