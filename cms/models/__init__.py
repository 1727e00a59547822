"""Wagtail pages (start page, practices index, best practices), the taxonomy, curation and adoptions.

The models live in one module per topic; this package re-exports them, so ``cms.models`` stays
the import path (migrations refer to ``cms.models.review_date_default``).
"""

from .adoption import PracticeAdoption
from .blocks import StepBlock
from .curation import FeaturedPractice, PracticeOfTheMonth, TopicCollection, TopicCollectionItem
from .guide import GuideChapterPage, GuideIndexPage, GuidePinnedPractice
from .mail_log import PracticeMailSent
from .pages import EditorsOnlyPermissionTester, HomePage, PracticeIndexPage
from .practice import PracticeAttachment, PracticePage, review_date_default
from .practice_admin import PracticePageForm, PracticePermissionTester
from .taxonomy import TERM_FIELDS, TERM_VOCABULARIES, Term
from .taxonomy import _terms as _terms  # the field helper for practices, kept importable
from .workflow import PracticeReviewTask

__all__ = [
    "TERM_FIELDS",
    "TERM_VOCABULARIES",
    "EditorsOnlyPermissionTester",
    "FeaturedPractice",
    "GuideChapterPage",
    "GuideIndexPage",
    "GuidePinnedPractice",
    "HomePage",
    "PracticeAdoption",
    "PracticeAttachment",
    "PracticeIndexPage",
    "PracticeMailSent",
    "PracticeOfTheMonth",
    "PracticePage",
    "PracticePageForm",
    "PracticePermissionTester",
    "PracticeReviewTask",
    "StepBlock",
    "Term",
    "TopicCollection",
    "TopicCollectionItem",
    "review_date_default",
]
