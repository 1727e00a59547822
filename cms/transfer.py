"""Import and export of best practices as JSON Lines (schema in README.md, "Import und Export").

One JSON object per line; ``external_id`` identifies a practice across runs, so importing the same
file twice changes nothing the second time. Every line is validated completely and written in its
own transaction: a bad line writes nothing and is reported with its line number and reason.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from exchange.forum.markdown import render as markdown_render
from exchange.models import Organisation, Region, User, WorkingGroup

from .models import TERM_VOCABULARIES, PracticeIndexPage, PracticePage, Term
from .services import slug_free_below

REQUIRED_TERMS = ("target_groups", "phases", "measure_types")
TEXT_FIELDS = ("costs", "staffing", "duration", "involvement_notes", "pros", "cons")
BOOL_FIELDS = ("staff_council_involved", "data_protection_involved")
CONTACT_FIELDS = {
    "name": "contact_name",
    "role": "contact_role",
    "email": "contact_email",
    "phone": "contact_phone",
}
KEYS = {
    "external_id",
    "title",
    "slug",
    "summary",
    "organisation",
    "partner_organisations",
    *TERM_VOCABULARIES,
    "region",
    "status",
    "started_year",
    "body_markdown",
    "body_html",
    "steps",
    *TEXT_FIELDS,
    *BOOL_FIELDS,
    "contact",
    "audience",
    "working_groups",
    "review_date",
    "owner",
    "published",
}
RICH_TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "h2", "h3", "h4"}


@dataclass(frozen=True)
class LineResult:
    line: int
    external_id: str
    outcome: str  # "created", "updated", "unchanged" or "error"
    error: str = ""


def _clean_html(html: str) -> str:
    return nh3.clean(
        html, tags=RICH_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}
    )


def _str(data: dict, key: str, *, required: bool = False, max_length: int | None = None) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("„%(key)s“ muss ein Text sein.") % {"key": key})
    value = value.strip()
    if required and not value:
        raise ValidationError(_("„%(key)s“ fehlt.") % {"key": key})
    if max_length and len(value) > max_length:
        raise ValidationError(
            _("„%(key)s“ ist zu lang (höchstens %(n)d Zeichen).") % {"key": key, "n": max_length}
        )
    return value


def _names(data: dict, key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(_("„%(key)s“ muss eine Liste von Namen sein.") % {"key": key})
    return [v.strip() for v in value]


def _terms(field: str, names: list[str], *, create_terms: bool) -> list[Term]:
    vocabulary = TERM_VOCABULARIES[field]
    found = {t.name: t for t in Term.objects.filter(vocabulary=vocabulary, name__in=names)}
    missing = [n for n in names if n not in found]
    if missing and not create_terms:
        raise ValidationError(
            _("Unbekannte Begriffe in „%(key)s“: %(names)s (anlegen mit --create-terms).")
            % {"key": field, "names": ", ".join(missing)}
        )
    for name in missing:
        found[name] = Term.objects.create(vocabulary=vocabulary, name=name[:120])
    return [found[n] for n in names]


def _body(data: dict) -> list[tuple[str, Any]]:
    if data.get("body_markdown") and data.get("body_html"):
        raise ValidationError(_("Bitte entweder „body_markdown“ oder „body_html“ angeben, nicht beides."))
    blocks: list[tuple[str, Any]] = []
    if data.get("body_markdown"):
        blocks.append(("text", markdown_render(_str(data, "body_markdown")).strip()))
    elif data.get("body_html"):
        blocks.append(("text", _clean_html(_str(data, "body_html")).strip()))
    steps = data.get("steps") or []
    if not isinstance(steps, list):
        raise ValidationError(_("„steps“ muss eine Liste sein."))
    for n, step in enumerate(steps, start=1):
        if not isinstance(step, dict) or not isinstance(step.get("title"), str) or not step["title"].strip():
            raise ValidationError(_("Schritt %(n)d braucht einen Titel („title“).") % {"n": n})
        text = step.get("text", "")
        if not isinstance(text, str):
            raise ValidationError(_("Schritt %(n)d: „text“ muss ein Text sein.") % {"n": n})
        blocks.append(("step", {"title": step["title"].strip()[:255], "text": markdown_render(text).strip()}))
    return blocks


@dataclass
class _Record:
    """One import line, validated and resolved against the database (nothing written yet)."""

    data: dict[str, Any]
    external_id: str
    title: str
    summary: str
    organisation: Organisation
    partners: list[Organisation]
    term_names: dict[str, list[str]]
    status: str
    region: str
    started_year: int | None
    audience: str
    groups: list[WorkingGroup]
    review_date: datetime.date | None
    owner: User | None
    contact: dict[str, Any]
    published: bool
    body: list[tuple[str, Any]]


def _organisations(data: dict[str, Any]) -> tuple[Organisation, list[Organisation]]:
    org_name = _str(data, "organisation", required=True)
    organisation = Organisation.objects.filter(name=org_name).first()
    if organisation is None:
        raise ValidationError(_("Organisation „%(name)s“ ist nicht bekannt.") % {"name": org_name})
    partner_names = _names(data, "partner_organisations")
    partners = list(Organisation.objects.filter(name__in=partner_names))
    if len(partners) != len(set(partner_names)):
        known = {o.name for o in partners}
        raise ValidationError(
            _("Unbekannte beteiligte Organisationen: %(names)s.")
            % {"names": ", ".join(n for n in partner_names if n not in known)}
        )
    return organisation, partners


def _classification(data: dict[str, Any]) -> tuple[dict[str, list[str]], str, str, int | None]:
    """Taxonomy term names, status, region and the year it started."""
    term_names = {field: _names(data, field) for field in TERM_VOCABULARIES}
    for field in REQUIRED_TERMS:
        if not term_names[field]:
            raise ValidationError(_("„%(key)s“ braucht mindestens einen Eintrag.") % {"key": field})
    status = _str(data, "status") or PracticePage.Status.OPERATION
    if status not in PracticePage.Status.values:
        raise ValidationError(
            _("Unbekannter Stand „%(value)s“ (erlaubt: %(allowed)s).")
            % {"value": status, "allowed": ", ".join(PracticePage.Status.values)}
        )
    region = _str(data, "region")
    if region and region not in Region.values:
        raise ValidationError(_("Unbekannte Region „%(value)s“.") % {"value": region})
    started_year = data.get("started_year")
    if started_year is not None and (not isinstance(started_year, int) or not 1950 <= started_year <= 2100):
        raise ValidationError(_("„started_year“ muss eine Jahreszahl zwischen 1950 und 2100 sein."))
    return term_names, status, region, started_year


def _audience(data: dict[str, Any]) -> tuple[str, list[WorkingGroup]]:
    audience = _str(data, "audience") or "members"
    if audience not in ("public", "members", "groups"):
        raise ValidationError(_("„audience“ muss public, members oder groups sein."))
    group_names = _names(data, "working_groups")
    groups = list(WorkingGroup.objects.filter(name__in=group_names))
    if len(groups) != len(set(group_names)):
        raise ValidationError(_("Unbekannte Arbeitsgruppe in „working_groups“."))
    if audience == "groups" and not groups:
        raise ValidationError(_("Bei „audience“: groups ist mindestens eine Arbeitsgruppe nötig."))
    return audience, groups


def _review_date_and_owner(data: dict[str, Any]) -> tuple[datetime.date | None, User | None]:
    review_date = None
    if data.get("review_date"):
        try:
            review_date = datetime.date.fromisoformat(_str(data, "review_date"))
        except ValueError as exc:
            raise ValidationError(_("„review_date“ muss ein Datum (JJJJ-MM-TT) sein.")) from exc
    owner = None
    if data.get("owner"):
        owner = User.objects.filter(email__iexact=_str(data, "owner")).first()
        if owner is None:
            raise ValidationError(
                _("Person „%(email)s“ (owner) ist nicht bekannt.") % {"email": data["owner"]}
            )
    return review_date, owner


def _flags_and_contact(data: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    contact = data.get("contact") or {}
    if not isinstance(contact, dict) or set(contact) - set(CONTACT_FIELDS):
        raise ValidationError(_("„contact“ muss ein Objekt mit name, role, email und phone sein."))
    for key, value in contact.items():
        if value is not None and not isinstance(value, str):
            raise ValidationError(_("„contact.%(key)s“ muss ein Text sein.") % {"key": key})
    for key in BOOL_FIELDS:
        if not isinstance(data.get(key, False), bool):
            raise ValidationError(_("„%(key)s“ muss true oder false sein.") % {"key": key})
    published = data.get("published", True)
    if not isinstance(published, bool):
        raise ValidationError(_("„published“ muss true oder false sein."))
    return contact, published


def _record_read(data: Any) -> _Record:
    """Validate one line completely and resolve its names; raises ValidationError, writes nothing."""
    if not isinstance(data, dict):
        raise ValidationError(_("Jede Zeile muss ein JSON-Objekt sein."))
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise ValidationError(_("Unbekannte Felder: %(keys)s.") % {"keys": ", ".join(unknown)})
    external_id = _str(data, "external_id", required=True, max_length=100)
    title = _str(data, "title", required=True, max_length=255)
    summary = _str(data, "summary", required=True, max_length=600)
    organisation, partners = _organisations(data)
    term_names, status, region, started_year = _classification(data)
    audience, groups = _audience(data)
    review_date, owner = _review_date_and_owner(data)
    contact, published = _flags_and_contact(data)
    return _Record(
        data, external_id, title, summary, organisation, partners, term_names, status, region,
        started_year, audience, groups, review_date, owner, contact, published, _body(data),
    )  # fmt: skip


def _page_for(record: _Record) -> tuple[PracticePage, bool]:
    """The practice the line describes (its latest revision), or a new one; and whether it is new."""
    external_id = record.external_id
    page = PracticePage.objects.filter(external_id=external_id).first()
    if page is None and external_id.startswith("page-") and external_id[5:].isdigit():
        # Exported from a practice made in the admin (no external id yet): it becomes its id.
        page = PracticePage.objects.filter(pk=int(external_id[5:]), external_id__isnull=True).first()
        if page is not None:
            PracticePage.objects.filter(pk=page.pk).update(external_id=external_id)
    if page is None:
        return PracticePage(external_id=external_id, owner=record.owner), True
    page = page.get_latest_revision_as_object()
    page.external_id = external_id
    return page, False


def _page_fill(page: PracticePage, record: _Record, index: PracticeIndexPage) -> None:
    data = record.data
    page.title = record.title
    page.slug = (
        _str(data, "slug") or page.slug or slug_free_below(index, slugify(record.title)[:80] or "praxis")
    )
    page.summary = record.summary
    page.organisation = record.organisation
    page.status = record.status
    page.region = record.region
    page.started_year = record.started_year
    page.audience = record.audience
    page.body = record.body
    page.review_date = record.review_date or page.review_date
    if record.owner is not None:
        page.owner = record.owner
    for key in TEXT_FIELDS:
        setattr(page, key, _str(data, key))
    for key in BOOL_FIELDS:
        setattr(page, key, data.get(key, False))
    for key, field in CONTACT_FIELDS.items():
        setattr(page, field, (record.contact.get(key) or "").strip())
    try:
        page.full_clean(exclude=["path", "depth", "numchild", "url_path", "draft_title"])
    except ValidationError as exc:
        raise ValidationError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc


def practice_import_record(
    data: Any, *, index: PracticeIndexPage, create_terms: bool = False
) -> tuple[PracticePage, str]:
    """Validate one record completely, then create or update the practice. Raises ValidationError."""
    record = _record_read(data)
    with transaction.atomic():
        terms = {
            field: _terms(field, names, create_terms=create_terms)
            for field, names in record.term_names.items()
        }
        page, created = _page_for(record)
        before = None if created else practice_export_record(page)
        _page_fill(page, record, index)
        if created:
            index.add_child(instance=page)
        page.partner_organisations.set(record.partners)
        page.working_groups.set(record.groups)
        for field, values in terms.items():
            getattr(page, field).set(values)
        if not created and before == practice_export_record(page) and page.live == record.published:
            return page, "unchanged"
        revision = page.save_revision(log_action=True)
        if record.published:
            revision.publish()
        elif page.live:
            page.unpublish()
        return page, "created" if created else "updated"


def practice_import_lines(
    lines: Iterable[str], *, index: PracticeIndexPage, create_terms: bool = False
) -> Iterator[LineResult]:
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        external_id = ""
        try:
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ValidationError(_("Kein gültiges JSON (%(msg)s).") % {"msg": exc.msg}) from exc
            if isinstance(data, dict) and isinstance(data.get("external_id"), str):
                external_id = data["external_id"]
            _page, outcome = practice_import_record(data, index=index, create_terms=create_terms)
        except ValidationError as exc:
            yield LineResult(number, external_id, "error", " ".join(exc.messages))
        else:
            yield LineResult(number, external_id, outcome)


# --- Export ------------------------------------------------------------------------------------


def practice_export_record(page: PracticePage) -> dict[str, Any]:
    """One practice in the import schema (text and steps of the body; images and documents are not)."""
    texts: list[str] = []
    steps: list[dict[str, str]] = []
    for block in page.body:
        if block.block_type == "text":
            texts.append(block.value.source)
        elif block.block_type == "quote":
            texts.append(f"<p>{escape(block.value)}</p>")
        elif block.block_type == "step":
            steps.append(
                {"title": block.value["title"], "text": strip_tags(block.value["text"].source).strip()}
            )
    record: dict[str, Any] = {
        "external_id": page.external_id or f"page-{page.pk}",
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "organisation": page.organisation.name if page.organisation_id else "",
        "partner_organisations": sorted(o.name for o in page.partner_organisations.all()),
    }
    for field in TERM_VOCABULARIES:
        record[field] = sorted(t.name for t in getattr(page, field).all())
    record.update(
        {
            "region": page.region,
            "status": page.status,
            "started_year": page.started_year,
            "body_html": "".join(texts),
            "steps": steps,
            **{key: getattr(page, key) for key in TEXT_FIELDS},
            **{key: getattr(page, key) for key in BOOL_FIELDS},
            "contact": {key: getattr(page, field) for key, field in CONTACT_FIELDS.items()},
            "audience": page.audience,
            "working_groups": sorted(g.name for g in page.working_groups.all()),
            "review_date": page.review_date.isoformat() if page.review_date else None,
            "owner": page.owner.email if page.owner else None,
            "published": page.live,
        }
    )
    return record
