"""Reads around best practices. Views and templates get prepared data; templates run no queries."""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from exchange.access import Viewer, viewer_for
from exchange.forum.permissions import can_start_practice_discussion, threads_visible_to
from exchange.forum.selectors import practice_discussion_category
from exchange.models import Organisation
from search import similar

from . import permissions
from .models import (
    TERM_FIELDS,
    FeaturedPractice,
    PracticeAdoption,
    PracticeOfTheMonth,
    PracticePage,
    TopicCollection,
)

log = logging.getLogger(__name__)


def _viewer(user_or_viewer: Any) -> Viewer:
    return user_or_viewer if isinstance(user_or_viewer, Viewer) else viewer_for(user_or_viewer)


def practice_similar_list(viewer: Any, page: PracticePage, *, limit: int = 4) -> list[PracticePage]:
    """Visible practices sharing the most taxonomy terms with ``page`` (database, no search)."""
    scores: Counter[int] = Counter()
    for name in TERM_FIELDS:
        through = PracticePage.term_through(name)
        term_ids = through.objects.filter(practicepage_id=page.pk).values("term_id")
        for other_id in (
            through.objects.filter(term_id__in=term_ids)
            .exclude(practicepage_id=page.pk)
            .values_list("practicepage_id", flat=True)
        ):
            scores[other_id] += 1
    if not scores:
        return []
    visible = {
        p.pk: p
        for p in permissions.practices_visible_to(_viewer(viewer))
        .filter(pk__in=list(scores))
        .select_related("organisation")
    }
    ranked = sorted(visible.values(), key=lambda p: (-scores[p.pk], p.title))
    return ranked[:limit]


def practice_term_ids(page: PracticePage) -> list[int]:
    """The taxonomy term ids of a saved practice, in one query (a UNION over the six term tables)."""
    queries = [
        PracticePage.term_through(name)
        .objects.filter(practicepage_id=page.pk)
        .values_list("term_id", flat=True)
        for name in TERM_FIELDS
    ]
    return sorted(set(queries[0].union(*queries[1:])))


def practice_similar_search(viewer: Viewer, page: PracticePage, *, limit: int = 4) -> list[PracticePage]:
    """Visible practices most like ``page`` by the search (text and taxonomy), best first, cards-ready.
    Raises ``SearchUnavailable`` when the search cannot answer."""
    ids = [
        pk
        for pk in similar.practice_similar_ids(viewer, page.pk, practice_term_ids(page), limit=limit)
        if pk != page.pk
    ]
    if not ids:
        return []
    found = {
        p.pk: p
        for p in permissions.practices_visible_to(viewer).filter(pk__in=ids).select_related("organisation")
    }
    return [found[pk] for pk in ids if pk in found][:limit]


def practice_similar(viewer: Viewer, page: PracticePage, *, limit: int = 4) -> list[PracticePage]:
    """Similar practices from the search (text and taxonomy); the database version when search is away."""
    try:
        return practice_similar_search(viewer, page, limit=limit)
    except similar.SearchUnavailable as exc:
        log.info("similar practices from the database, search unavailable: %s", exc)
        return practice_similar_list(viewer, page, limit=limit)


@dataclass(frozen=True)
class Fact:
    label: str
    values: list[str]


@dataclass(frozen=True)
class AttachmentLink:
    label: str
    url: str
    extension: str
    size: int | None


@dataclass
class AdoptionItem:
    organisation: str
    experience_html: SafeString  # rendered and sanitised with nh3 at write time
    created_at: datetime.datetime


@dataclass
class PracticeDetail:
    organisations: list[str]
    classification: list[Fact]
    attachments: list[AttachmentLink]
    adoptions: list[AdoptionItem]
    adoption_orgs: list[tuple[int, str]] = field(default_factory=list)
    thread_url: str = ""
    thread_title: str = ""
    discussion_start_url: str = ""
    edit_url: str = ""
    similar: list[Any] = field(default_factory=list)


def practice_detail(viewer: Viewer, page: PracticePage) -> PracticeDetail:
    page_ = page
    classification = []
    for name in TERM_FIELDS:
        values = [t.name for t in getattr(page_, name).order_by("position", "name")]
        if values:
            classification.append(Fact(PracticePage.term_label(name), values))
    organisations = [page_.organisation.name] + [o.name for o in page_.partner_organisations.all()]
    attachments = []
    for att in page_.attachments.select_related("document"):
        doc = att.document
        try:
            size = doc.get_file_size()
        except OSError:
            size = None
        attachments.append(
            AttachmentLink(
                label=att.label,
                url=reverse("practice-attachment", kwargs={"page_id": page_.pk, "attachment_id": att.pk}),
                extension=doc.file_extension.upper(),
                size=size,
            )
        )
    adoptions = [
        AdoptionItem(a.organisation.name, mark_safe(a.experience_html), a.created_at)  # noqa: S308
        for a in PracticeAdoption.objects.filter(page=page_).select_related("organisation")
    ]
    detail = PracticeDetail(
        organisations=organisations,
        classification=classification,
        attachments=attachments,
        adoptions=adoptions,
    )
    if permissions.can_adopt_practice(viewer, page_):
        adopted = PracticeAdoption.objects.filter(page=page_).values("organisation_id")
        detail.adoption_orgs = list(
            Organisation.objects.filter(pk__in=viewer.organisation_ids)
            .exclude(pk__in=adopted)
            .values_list("pk", "name")
        )
    # The practice's own discussion thread first, else the first visible thread linking it.
    thread = (
        threads_visible_to(viewer)
        .filter(practice=page_)
        .order_by("-is_practice_discussion", "created_at")
        .first()
    )
    if thread is not None:
        detail.thread_url = reverse("forum-thread", kwargs={"pk": thread.pk})
        detail.thread_title = thread.title
    else:
        category = practice_discussion_category()
        if category is not None and can_start_practice_discussion(viewer, page_, category):
            detail.discussion_start_url = reverse("forum-practice-discussion", kwargs={"page_id": page_.pk})
    if permissions.can_edit_practice(viewer, page_):
        detail.edit_url = reverse("wagtailadmin_pages:edit", args=[page_.pk])
    detail.similar = practice_similar(viewer, page_)
    return detail


# --- Curation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeaturedItem:
    page: Any
    teaser: str


@dataclass(frozen=True)
class FeaturedPractices:
    items: list[FeaturedItem]
    of_the_month: FeaturedItem | None

    def __bool__(self) -> bool:
        return bool(self.items or self.of_the_month)


def featured_practice_list(viewer: Any, *, now: datetime.datetime | None = None) -> FeaturedPractices:
    """Featured practices currently on show plus this month's "Praxis des Monats", visible ones only."""
    now = now or timezone.now()
    visible_ids = permissions.practices_visible_to(_viewer(viewer)).values("pk")
    rows = (
        FeaturedPractice.objects.filter(page__in=visible_ids)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .select_related("page", "page__organisation")
        .order_by("position", "pk")
    )
    items = [FeaturedItem(row.page, row.teaser or row.page.summary) for row in rows]
    month = timezone.localtime(now).date().replace(day=1)
    potm = (
        PracticeOfTheMonth.objects.filter(month=month, page__in=visible_ids)
        .select_related("page", "page__organisation")
        .first()
    )
    of_the_month = FeaturedItem(potm.page, potm.teaser or potm.page.summary) if potm else None
    return FeaturedPractices(items=items, of_the_month=of_the_month)


def topic_collection_list(viewer: Any) -> list[Any]:
    return list(TopicCollection.objects.filter(is_active=True).order_by("title"))


def topic_collection_practices(viewer: Any, collection: Any) -> list[Any]:
    visible_ids = permissions.practices_visible_to(_viewer(viewer)).values("pk")
    return [
        item.page
        for item in collection.items.filter(page__in=visible_ids)
        .select_related("page", "page__organisation")
        .order_by("sort_order")
    ]


# --- Freshness ---------------------------------------------------------------------------------


def practice_overdue_list(*, today: datetime.date | None = None):
    """Practices whose review date has passed (drafts included: they need care too)."""
    today = today or timezone.localdate()
    return (
        PracticePage.objects.filter(review_date__lt=today)
        .select_related("organisation", "owner")
        .order_by("review_date", "title")
    )


# --- Members' start page -----------------------------------------------------------------------


def _term_match(field: str, term_ids: frozenset[int] | set[int]) -> Any:
    """Subquery: the outer practice has one of ``term_ids`` in its ``field`` (no join, no GROUP BY)."""
    return PracticePage.term_through(field).objects.filter(
        practicepage_id=OuterRef("pk"), term_id__in=list(term_ids)
    )


def practice_list_for_interests(
    viewer: Any,
    *,
    target_group_ids: frozenset[int] | set[int],
    professional_field_ids: frozenset[int] | set[int],
    region: str,
    limit: int = 6,
) -> list[Any]:
    """Visible practices ranked by how many interests they meet (target group, professional field,
    region; "landesweit" counts for every region), newest first; then the latest others."""
    visible = PracticePage.objects.live().filter(
        pk__in=permissions.practices_visible_to(_viewer(viewer)).values("pk")
    )
    one, zero = Value(1), Value(0)
    score: Any = Value(0, output_field=IntegerField())
    # One EXISTS per criterion the person has (no joins: no duplicates, no GROUP BY).
    if target_group_ids:
        score = score + Case(
            When(Exists(_term_match("target_groups", target_group_ids)), then=one), default=zero
        )
    if professional_field_ids:
        score = score + Case(
            When(Exists(_term_match("professional_fields", professional_field_ids)), then=one),
            default=zero,
        )
    if region:
        score = score + Case(When(region__in=[region, "landesweit"], then=one), default=zero)
    ranked = (
        visible.annotate(score=score)
        .filter(score__gt=0)
        .select_related("organisation")
        .order_by("-score", "-first_published_at", "pk")
    )
    has_criteria = bool(target_group_ids or professional_field_ids or region)
    matched = list(ranked[:limit]) if has_criteria else []
    for practice in matched:
        practice.matches_interests = True
    if len(matched) < limit:
        matched += list(
            visible.exclude(pk__in=[p.pk for p in matched])
            .select_related("organisation")
            .order_by("-first_published_at", "pk")[: limit - len(matched)]
        )
    return matched
