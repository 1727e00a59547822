"""No personal data in logs or error reports, for a request that fails for real: a member's reply
with an attachment while the attachment store's disk refuses the file. The request carries an
e-mail address and a street in the post's text and search words in its query string; neither the
JSON log lines nor the Sentry event (captured through the SDK's transport, the way out of the
process) contain any of it, while both carry the request id and the exception's type.

Without SENTRY_DSN the SDK is not initialised at all; with it, without personal data."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sentry_sdk
from django.test import Client
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from cms.ops.sentry import sentry_init
from tests.cms.ops.content import open_thread_create
from tests.exchange.forum.files import PDF, upload
from tests.factories import member_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]

ROOT = Path(__file__).resolve().parents[3]
EMAIL = "erika.zeugin@example.org"
POST_TEXT = "Der Angreifer wohnt in der Lindenstraße 17"
QUERY = "Gefährdungsbeurteilung Zeugin"
PERSONAL = [EMAIL, "erika.zeugin", "Lindenstraße", "Gefährdungsbeurteilung", "Zeugin", "mitglied@example.org"]


class CapturingTransport(Transport):
    events: list[dict] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        for item in envelope.items:
            if item.type == "event" and item.payload.json is not None:
                CapturingTransport.events.append(item.payload.json)


@pytest.fixture
def sentry_events():
    CapturingTransport.events = []
    sentry_init(dsn="https://public@sentry.invalid/1", environment="test", transport=CapturingTransport)
    yield CapturingTransport.events
    sentry_sdk.init()  # no DSN: reporting off again for the rest of the run


@pytest.fixture
def broken_attachment_store(settings, tmp_path):
    """The private store's directory cannot be created (a file is in the way): the disk says no."""
    blocker = tmp_path / "private"
    blocker.write_text("not a directory")
    settings.STORAGES = {
        **settings.STORAGES,
        "forum_attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "forum"), "base_url": "/nicht-oeffentlich/"},
        },
    }
    settings.FORUM_RATE_LIMIT = {"NEW_ACCOUNT_DAYS": 7, "NEW_PER_MINUTE": 1000, "PER_MINUTE": 1000}


def test_failing_request_leaves_no_personal_data(org, broken_attachment_store, sentry_events, json_log):
    member = member_create(org, email="mitglied@example.org")
    thread = open_thread_create(member)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    request_id = uuid.uuid4().hex

    response = client.post(
        f"/forum/thema/{thread.pk}/antworten/?q={QUERY}",
        {
            "body": f"{POST_TEXT}. Schreibt mir an {EMAIL}.",
            "attachments": [upload("bericht.pdf", PDF)],
            "confirm_privacy": "on",  # the form's privacy hint would stop a street name before saving
        },
        HTTP_X_REQUEST_ID=request_id,
    )

    assert response.status_code == 500
    sentry_sdk.flush()
    lines = json_log.records()
    ours = [line for line in lines if line.get("request_id") == request_id]
    assert {line["logger"] for line in ours} >= {"django.request", "cms.requests"}
    failure = next(line for line in ours if line["logger"] == "django.request")
    assert "NotADirectoryError" in failure["exc_info"] and "Traceback" in failure["exc_info"]
    assert next(line for line in ours if line["logger"] == "cms.requests")["status"] == 500

    assert sentry_events, "the failure was not reported"
    event = next(e for e in sentry_events if e.get("exception"))
    assert event["tags"]["request_id"] == request_id
    assert event["exception"]["values"][-1]["type"] == "NotADirectoryError"
    assert event["transaction"] == "/forum/thema/{pk}/antworten/"  # the route, not the URL
    # method and URL come from the WSGI layer, which the test client skips; nothing else is kept
    assert set(event["request"]) <= {"method", "url"} and "?" not in event["request"]["url"]

    written = json_log.getvalue() + json.dumps(sentry_events, ensure_ascii=False)
    for text in PERSONAL:
        assert text not in written


def test_exception_messages_never_leave_the_process(sentry_events, json_log):
    """Messages quote input (``Key (email)=(…)``, a post's text): only the type is written."""
    try:
        raise ValueError(f"{EMAIL} schrieb: {POST_TEXT}")
    except ValueError:
        logging.getLogger("exchange").exception("Beitrag von %s nicht gespeichert", EMAIL)
        sentry_sdk.capture_exception()
    sentry_sdk.flush()
    (line,) = json_log.records()
    assert line["message"] == "Beitrag von [E-Mail] nicht gespeichert"
    assert line["exc_info"].endswith("builtins.ValueError")
    written = json_log.getvalue() + json.dumps(sentry_events, ensure_ascii=False)
    assert "ValueError" in written
    for text in PERSONAL:
        assert text not in written


@pytest.mark.parametrize("dsn", ["", "https://public@sentry.invalid/1"])
def test_sentry_only_with_a_dsn(dsn):
    """The settings initialise the SDK only when SENTRY_DSN is set, and never with personal data."""
    code = (
        "import django, json; django.setup(); import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(json.dumps([c.is_active(), c.should_send_default_pii(), c.options.get('data_collection')]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings", "SENTRY_DSN": dsn}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    active, send_pii, collection = json.loads(result.stdout.splitlines()[-1])
    assert active is bool(dsn)
    if dsn:
        assert send_pii is False
        assert collection["user_info"] is False and collection["http_bodies"] == []
        assert collection["url_query_params"]["mode"] == collection["cookies"]["mode"] == "off"
        assert collection["stack_frame_variables"] is False and collection["queues"] is False


def test_the_admin_sends_no_editors_address_to_gravatar(client, editor):
    """Wagtail's default avatar is a Gravatar URL made from a hash of the e-mail address: a request
    to a third party from every admin page, with personal data. The admin uses its own avatar."""
    client.force_login(editor)
    html = client.get("/cms/").content.decode()
    assert "gravatar" not in html.lower()
    assert "default-user-avatar" in html
