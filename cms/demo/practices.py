"""Demo practices beyond load_demo's five: texts in practices.toml, each with taxonomy,
transferability and a demo member as contact person; one draft waits in the editors' review, two
are past their review date, so that the editors' desk shows something from a fresh ``make run``.

Created the way the admin does (``add_child``, revision, publish), so the signals record them in the
search outbox; found by slug, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from cms.models import TERM_VOCABULARIES, PracticeIndexPage, PracticePage, Term
from exchange.models import Membership, Organisation, User, WorkingGroup

from . import DEMO_PASSWORD

DATA = Path(__file__).with_name("practices.toml")

# People the practices name as contact (and who write in the forum): email, first name, last name,
# position, organisation, role, membership status.
PEOPLE = [
    (
        "ordnung@sicherimdienst.example",
        "Olaf",
        "Ordnung",
        "Kommunaler Ordnungsdienst",
        "Stadt Bonn",
        "member",
        "active",
    ),
    (
        "praevention@sicherimdienst.example",
        "Petra",
        "Prävention",
        "Kriminalprävention und Opferschutz",
        "Polizeipräsidium Recklinghausen",
        "partner_contact",
        "active",
    ),
    (
        "sicherheit@sicherimdienst.example",
        "Sven",
        "Sicherheit",
        "Fachkraft für Arbeitssicherheit",
        "Kreis Mettmann",
        "partner_contact",
        "active",
    ),
    ("neu@sicherimdienst.example", "Nina", "Neu", "Bürgerservice", "Stadt Gütersloh", "member", "pending"),
]


def load() -> None:
    _people()
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    index = PracticeIndexPage.objects.get()
    for spec in data["practice"]:
        _practice(index, spec)
    for spec in data["supplement"]:
        _supplement(spec)


def _people() -> None:
    for email, first, last, position, org, role, status in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                position=position,
                profile_visibility=User.Visibility.MEMBERS,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            user=user,
            organisation=Organisation.objects.get(name=org),
            defaults={"role": role, "status": status},
        )


def _contact(email: str) -> dict[str, str]:
    person = User.objects.get(email=email)
    return {
        "contact_name": person.get_full_name(),
        "contact_role": person.position,
        "contact_email": person.email,
    }


def _transfer(spec: dict[str, Any]) -> dict[str, Any]:
    """The transferability fields a spec fills (absent ones stay as they are)."""
    fields = {
        name: spec[key]
        for key, name in [
            ("costs", "costs"),
            ("staffing", "staffing"),
            ("duration", "duration"),
            ("involvement_notes", "involvement_notes"),
            ("pros", "pros"),
            ("cons", "cons"),
            ("staff_council", "staff_council_involved"),
            ("data_protection", "data_protection_involved"),
        ]
        if key in spec
    }
    return {**fields, **_contact(spec["contact"])}


def _body(spec: dict[str, Any]) -> list[tuple[str, Any]]:
    body: list[tuple[str, Any]] = [("text", "".join(f"<p>{p}</p>" for p in spec["text"]))]
    body += [("step", {"title": title, "text": f"<p>{text}</p>"}) for title, text in spec.get("steps", [])]
    return body


def _practice(index: PracticeIndexPage, spec: dict[str, Any]) -> None:
    slug = slugify(spec["title"])[:80]
    if PracticePage.objects.filter(slug=slug).exists():
        return
    author = User.objects.get(email=spec["contact"])
    page = PracticePage(
        title=spec["title"],
        slug=slug,
        summary=spec["summary"],
        organisation=Organisation.objects.get(name=spec["organisation"]),
        audience=spec["audience"],
        status=spec["status"],
        region=spec.get("region", ""),
        body=_body(spec),
        owner=author,
        live=not spec.get("review", False),
        **_transfer(spec),
    )
    if spec.get("overdue"):
        page.review_date = timezone.localdate() - datetime.timedelta(days=14)
    index.add_child(instance=page)
    if groups := spec.get("groups"):
        page.working_groups.set(WorkingGroup.objects.filter(name__in=groups))
    for field, names in spec.get("terms", {}).items():
        getattr(page, field).set(Term.objects.filter(vocabulary=TERM_VOCABULARIES[field], name__in=names))
    revision = page.save_revision(user=author)
    if spec.get("review"):
        workflow = page.get_workflow()
        if workflow is not None:  # the practices index carries the review workflow (cms.setup)
            workflow.start(page, author)
    else:
        revision.publish()


def _supplement(spec: dict[str, Any]) -> None:
    """Transferability and contact for load_demo's own practices, once (while no contact is set)."""
    page = PracticePage.objects.filter(slug=slugify(spec["title"])[:80], contact_name="").first()
    if page is None:
        return
    for name, value in _transfer(spec).items():
        setattr(page, name, value)
    page.save_revision().publish()
