"""The one way the site sends e-mail: German text rendered from a subject and a message template.

Only Celery tasks send mail (after commit, outside the request). Templates come in pairs,
``<name>_subject.txt`` and ``<name>_message.txt``; both see ``site_name`` and whatever the caller
passes. Links in mails are absolute: :func:`site_url`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

SITE_NAME = "#sicherimDienst"


def site_url(path: str) -> str:
    """An absolute link for an e-mail (``path`` from ``reverse`` or a page's ``url``)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mail_send(
    *,
    template: str,
    recipients: Sequence[str],
    context: dict[str, Any],
    attachments: Sequence[tuple[str, bytes, str]] = (),
    headers: dict[str, str] | None = None,
) -> int:
    """Render ``template`` (without the ``_subject.txt``/``_message.txt`` ending) in the site's language
    and send it to ``recipients``; returns the number of messages sent (0 without recipients).
    ``attachments`` are ``(filename, content, mimetype)``, e.g. an iCalendar file; ``headers`` are
    extra header lines, e.g. ``List-Unsubscribe`` of an alert."""
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):  # mails are German, whoever triggered them
        context = {"site_name": SITE_NAME, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context)
    message = EmailMessage(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body, None, list(recipients), headers=headers
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send()
