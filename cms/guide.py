"""Reads around the prevention guide: a chapter's practices, a practice's chapters, a chapter's detail.

"Belongs to" is one relation, read from both sides: a practice belongs to a chapter when an editor
pinned it there, or when the two share at least :data:`MIN_SHARED_TERMS` taxonomy terms (all six
vocabularies count). A chapter lists the visible practices pinned first (in the editors' order),
then the others by the number of shared terms; a practice lists the visible chapters the same way.
Only what the viewer may see is ever listed (the practices' audience rule, :mod:`cms.permissions`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.text import slugify

from exchange.access import Viewer

from . import permissions
from .models import TERM_FIELDS, GuideChapterPage, GuidePinnedPractice, PracticePage

MIN_SHARED_TERMS = 2
PRACTICES_PER_CHAPTER = 6
CHAPTERS_PER_PRACTICE = 4


def _shared_terms(*, chapter_id: int | None = None, practice_id: int | None = None) -> Counter[int]:
    """Shared term counts: of each practice with ``chapter_id``, or of each chapter with ``practice_id``."""
    scores: Counter[int] = Counter()
    for name in TERM_FIELDS:
        chapter_terms = GuideChapterPage.term_through(name).objects
        practice_terms = PracticePage.term_through(name).objects
        if chapter_id is not None:
            mine = chapter_terms.filter(guidechapterpage_id=chapter_id).values("term_id")
            others = practice_terms.filter(term_id__in=mine).values_list("practicepage_id", flat=True)
        else:
            mine = practice_terms.filter(practicepage_id=practice_id).values("term_id")
            others = chapter_terms.filter(term_id__in=mine).values_list("guidechapterpage_id", flat=True)
        scores.update(others)
    return scores


def chapter_practice_list(viewer: Viewer, chapter: GuideChapterPage) -> list[PracticePage]:
    """ "Praxisbeispiele zu diesem Kapitel": visible practices, pinned first, then by shared terms."""
    pinned_ids = list(
        GuidePinnedPractice.objects.filter(page=chapter)
        .order_by("sort_order", "pk")
        .values_list("practice_id", flat=True)
    )
    scores = _shared_terms(chapter_id=chapter.pk)
    matching = [pk for pk, n in scores.items() if n >= MIN_SHARED_TERMS and pk not in pinned_ids]
    visible = {
        p.pk: p
        for p in permissions.practices_visible_to(viewer)
        .filter(pk__in=[*pinned_ids, *matching])
        .select_related("organisation")
    }
    pinned = [visible[pk] for pk in pinned_ids if pk in visible]
    for practice in pinned:
        practice.pinned = True
    ranked = sorted((visible[pk] for pk in matching if pk in visible), key=lambda p: (-scores[p.pk], p.title))
    return [*pinned, *ranked][: max(PRACTICES_PER_CHAPTER, len(pinned))]


def practice_chapter_list(viewer: Viewer, practice: PracticePage) -> list[GuideChapterPage]:
    """The visible chapters a practice belongs to: those that pin it, then by shared terms."""
    pinned_ids = list(
        GuidePinnedPractice.objects.filter(practice=practice)
        .order_by("page_id")
        .values_list("page_id", flat=True)
    )
    scores = _shared_terms(practice_id=practice.pk)
    matching = [pk for pk, n in scores.items() if n >= MIN_SHARED_TERMS and pk not in pinned_ids]
    visible = {
        c.pk: c for c in permissions.chapters_visible_to(viewer).filter(pk__in=[*pinned_ids, *matching])
    }
    ranked = sorted((visible[pk] for pk in matching if pk in visible), key=lambda c: (-scores[c.pk], c.path))
    pinned = sorted((visible[pk] for pk in pinned_ids if pk in visible), key=lambda c: c.path)
    return [*pinned, *ranked][:CHAPTERS_PER_PRACTICE]


@dataclass(frozen=True)
class Fact:
    label: str
    values: list[str]


@dataclass
class Part:
    """A section of the chapter (with its anchor), or blocks outside any section (no title)."""

    blocks: list[Any]
    title: str = ""
    anchor: str = ""


@dataclass
class ChapterDetail:
    classification: list[Fact]
    parts: list[Part]
    practices: list[PracticePage]
    previous: Any = None
    next: Any = None
    edit_url: str = ""

    @property
    def sections(self) -> list[Part]:
        return [part for part in self.parts if part.title]


def chapter_parts(chapter: GuideChapterPage) -> list[Part]:
    """The body as sections with unique anchors; blocks between sections are kept together."""
    parts: list[Part] = []
    anchors: set[str] = set()
    for block in chapter.body:
        if block.block_type != "section":
            if not parts or parts[-1].title:
                parts.append(Part(blocks=[]))
            parts[-1].blocks.append(block)
            continue
        anchor = slugify(block.value["title"])[:60] or "abschnitt"
        while anchor in anchors:
            anchor = f"{anchor}-{len(parts) + 1}"
        anchors.add(anchor)
        parts.append(Part(list(block.value["content"]), block.value["title"], anchor))
    return parts


def chapter_detail(viewer: Viewer, chapter: GuideChapterPage) -> ChapterDetail:
    """What the chapter page shows besides its body, for this viewer."""
    classification = []
    for name in TERM_FIELDS:
        values = [t.name for t in getattr(chapter, name).order_by("position", "name")]
        if values:
            classification.append(Fact(str(getattr(GuideChapterPage, name).field.verbose_name), values))
    siblings = list(permissions.chapters_visible_to(viewer).child_of(chapter.get_parent()).order_by("path"))
    ids = [c.pk for c in siblings]
    position = ids.index(chapter.pk) if chapter.pk in ids else -1
    detail = ChapterDetail(
        classification=classification,
        parts=chapter_parts(chapter),
        practices=chapter_practice_list(viewer, chapter),
    )
    if position > 0:
        detail.previous = siblings[position - 1]
    if 0 <= position < len(siblings) - 1:
        detail.next = siblings[position + 1]
    if viewer.is_editor:
        detail.edit_url = reverse("wagtailadmin_pages:edit", args=[chapter.pk])
    return detail
