"""Wagtail admin integration: taxonomy and curation snippets, the partner-contact restriction,
permission checks on document downloads, the report of overdue practices and the editors' desk."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks  # type: ignore[attr-defined]  # mypy: see pyproject.toml, [tool.mypy]
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from exchange.access import viewer_for

from . import guide, permissions, selectors
from .desk import desk_panels
from .documents import can_download_document
from .models import (
    FeaturedPractice,
    GuideChapterPage,
    PracticeOfTheMonth,
    PracticePage,
    Term,
    TopicCollection,
)

# --- Snippets ----------------------------------------------------------------------------------


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "tag"
    menu_label = _("Schlagwörter")
    list_display = ["name", "vocabulary", "position"]
    list_filter = ["vocabulary"]
    search_fields = ["name"]
    ordering = ["vocabulary", "position", "name"]


class FeaturedPracticeViewSet(SnippetViewSet):
    model = FeaturedPractice
    icon = "pick"
    menu_label = _("Hervorgehoben")
    list_display = ["page", "position", "starts_at", "ends_at"]


class PracticeOfTheMonthViewSet(SnippetViewSet):
    model = PracticeOfTheMonth
    icon = "date"
    menu_label = _("Praxis des Monats")
    list_display = ["month", "page"]


class TopicCollectionViewSet(SnippetViewSet):
    model = TopicCollection
    icon = "folder-open-inverse"
    menu_label = _("Themenschwerpunkte")
    list_display = ["title", "is_active"]


class CurationGroup(SnippetViewSetGroup):
    menu_label = _("Kuratierung")
    menu_icon = "pick"
    menu_order = 250
    items = (TermViewSet, FeaturedPracticeViewSet, PracticeOfTheMonthViewSet, TopicCollectionViewSet)


register_snippet(CurationGroup)


# --- Partner contacts: only their own organisation's practices ---------------------------------


def _restricted(user) -> bool:
    """Partner contacts who are not editors see and touch only their organisation's practices."""
    return not (user.is_superuser or viewer_for(user).is_editor)


class PracticeGuardMixin:
    """Every admin view about one practice (explorer, edit, preview, draft view, revisions, history,
    delete, move, copy, lock, workflow actions ...) first checks ``can_edit_practice`` and answers 404
    to partner contacts of another organisation, before Wagtail's own checks run.

    Wagtail routes a view to the viewset of the page's type, except the explorer of a page
    (``parent_page_id``), which it routes by parent type: a practice's explorer comes through the base
    viewset. Both viewsets carry this guard."""

    PAGE_ID_KWARGS = ("page_id", "page_to_move_id", "parent_page_id", "pk")

    def get_view_by_name(self, name):
        view = super().get_view_by_name(name)  # type: ignore[misc]

        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs):
            page_id = next((kwargs[k] for k in self.PAGE_ID_KWARGS if kwargs.get(k)), None)
            if page_id is not None:
                page = PracticePage.objects.filter(pk=page_id).only("organisation_id").first()
                if page is not None and not permissions.can_edit_practice(request.user, page):
                    raise Http404
            return view(request, *args, **kwargs)

        return guarded


class PracticePageViewSet(PracticeGuardMixin, PageViewSet):
    model = PracticePage


@hooks.register("register_admin_viewset")
def practice_page_viewset():
    return PracticePageViewSet("practice_pages")


def _without_foreign_practices(pages, user):
    if not _restricted(user):
        return pages
    foreign = PracticePage.objects.exclude(organisation_id__in=viewer_for(user).partner_organisation_ids)
    return pages.exclude(pk__in=foreign.values("pk"))


@hooks.register("construct_explorer_page_queryset")
def explorer_own_practices_only(parent_page, pages, request: HttpRequest):
    return _without_foreign_practices(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def chooser_own_practices_only(pages, request: HttpRequest):
    return _without_foreign_practices(pages, request.user)


class PartnerScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, minus other organisations' practices for partner contacts.

    Registered for ``Page`` (below), so that every admin listing that asks the policy which pages a
    person may explore or act on leaves them out: the page search, the page-type usage listing, the
    site history (``PageLogEntry.objects.viewable_by_user``), the locked-pages, aging-pages and
    workflow reports, the dashboard and the admin API. Without it a partner contact could read the
    titles of other organisations' (also working-group) practices there. Single-page views are
    guarded by ``PracticeGuardMixin`` and the ``before_*_page`` hooks.
    """

    def instances_user_has_any_permission_for(self, user, actions):
        return _without_foreign_practices(super().instances_user_has_any_permission_for(user, actions), user)

    def explorable_instances(self, user, **kwargs):
        return _without_foreign_practices(super().explorable_instances(user, **kwargs), user)


# Before any view asks the registry for the page policy (Wagtail: "at the top of wagtail_hooks.py").
register_permission_policy(Page, PartnerScopedPagePermissionPolicy(Page))


class BasePageViewSet(PracticeGuardMixin, PageViewSet):
    """The viewset Wagtail uses for views about no particular page type (the page search) and for
    the explorer of pages whose type has no viewset of its own (a practice's explorer, too)."""

    model = Page


@hooks.register("register_admin_viewset")
def base_page_viewset():
    return BasePageViewSet("pages_base")


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
@hooks.register("before_copy_page")
@hooks.register("before_move_page")
def guard_practice(request: HttpRequest, page, *args):
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if isinstance(specific, PracticePage) and not permissions.can_edit_practice(request.user, specific):
        raise PermissionDenied


@hooks.register("before_create_page")
def guard_create(request: HttpRequest, parent_page, page_class):
    if issubclass(page_class, PracticePage) and not permissions.can_create_practice(request.user):
        raise PermissionDenied


# --- Documents: attachments of restricted practices -------------------------------------------


@hooks.register("before_serve_document")
def check_document_access(document, request: HttpRequest):
    return None if can_download_document(request.user, document) else permissions.refusal(request)


# --- Practice pages: who may read them, what they show ------------------------------------------


@hooks.register("before_serve_page")
def check_page_access(page, request: HttpRequest, serve_args, serve_kwargs):
    """Only those in the audience of a practice or guide chapter read it (Wagtail checks its own view
    restrictions the same way); anonymous visitors are sent to the login."""
    if not permissions.can_view_page(request.user, page):
        return permissions.refusal(request)
    return None


@hooks.register(PracticePage.CONTEXT_HOOK)
def practice_detail_context(request: HttpRequest, page: PracticePage) -> dict:
    return {"detail": selectors.practice_detail(viewer_for(request.user), page)}


@hooks.register(PracticePage.CONTEXT_HOOK)
def practice_guide_context(request: HttpRequest, page: PracticePage) -> dict:
    return {"guide_chapters": guide.practice_chapter_list(viewer_for(request.user), page)}


@hooks.register(GuideChapterPage.CONTEXT_HOOK)
def guide_chapter_context(request: HttpRequest, page: GuideChapterPage) -> dict:
    return {"chapter": guide.chapter_detail(viewer_for(request.user), page)}


# --- Report: practices whose review date has passed ----------------------------------------


class OverduePracticesReport(ReportView):
    page_title = _("Überfällige Praxisbeispiele")
    header_icon = "time"
    index_url_name = "cms_overdue_practices"
    index_results_url_name = "cms_overdue_practices_results"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    list_export = ["title", "organisation", "review_date", "owner"]
    export_headings = {
        "title": _("Titel"),
        "organisation": _("Organisation"),
        "review_date": _("Überprüfen bis"),
        "owner": _("Verantwortlich"),
    }

    def user_can_access(self) -> bool:
        return viewer_for(self.request.user).is_editor

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_superuser or viewer_for(request.user).is_editor):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Titel"),
                get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
            ),
            Column("organisation", label=_("Organisation")),
            DateColumn("review_date", label=_("Überprüfen bis")),
            Column("owner", label=_("Verantwortlich")),
        ]

    def get_queryset(self):
        return selectors.practice_overdue_list()


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("berichte/ueberfaellig/", OverduePracticesReport.as_view(), name="cms_overdue_practices"),
        path(
            "berichte/ueberfaellig/ergebnisse/",
            OverduePracticesReport.as_view(results_only=True),
            name="cms_overdue_practices_results",
        ),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or viewer_for(request.user).is_editor


@hooks.register("register_reports_menu_item")
def report_menu_item():
    return EditorsMenuItem(
        _("Überfällige Praxisbeispiele"),
        reverse("cms_overdue_practices"),
        icon_name="time",
        order=700,
    )


# --- The editors' desk on the dashboard (cms/desk.py) ----------------------------------------


@hooks.register("construct_homepage_panels")
def editors_desk(request: HttpRequest, panels: list) -> None:
    panels.extend(desk_panels(request.user))
