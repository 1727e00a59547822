"""The start page and the practices index page, with the index's editors-only page rights."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import hooks  # type: ignore[attr-defined]  # mypy: see pyproject.toml, [tool.mypy]
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester

from exchange.access import AUDIENCE_PUBLIC, viewer_for

from .practice import PracticePage


class HomePage(Page):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
    """The public start page: what the network is, public practices, the way to log in."""

    CONTEXT_HOOK = "cms_home_page_context"
    """Wagtail hook: ``fn(request, page) -> dict`` adds to the start page's context; apps that build
    on cms (cms/network: latest news, live figures) add to the page without cms importing them."""

    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = [
        "cms.PracticeIndexPage",
        "cms.GuideIndexPage",
        "events.EventIndexPage",
        "network.NewsIndexPage",
    ]
    max_count = 1  # type: ignore[assignment]  # Wagtail declares max_count = None, without a type
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["public_practices"] = (
            PracticePage.objects.live()
            .filter(audience=AUDIENCE_PUBLIC)
            .select_related("organisation")
            .order_by("-first_published_at")[:6]
        )
        for add_context in hooks.get_hooks(self.CONTEXT_HOOK):
            context.update(add_context(request, self))
        return context


class EditorsOnlyPermissionTester(PagePermissionTester):
    """Partner contacts may add practices below the index, but not change the index itself."""

    def _editor(self) -> bool:
        return viewer_for(self.user).is_editor

    def can_edit(self):
        return self._editor() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._editor() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self._editor() and super().can_unpublish()

    def can_publish(self):
        return self._editor() and super().can_publish()

    def can_lock(self):
        return self._editor() and super().can_lock()

    def can_copy(self):
        return self._editor() and super().can_copy()

    def can_move_to(self, destination):
        return self._editor() and super().can_move_to(destination)

    def can_view_revisions(self):
        return self._editor() and super().can_view_revisions()


class PracticeIndexPage(Page):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
    intro = RichTextField(_("Einleitung"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PracticePage"]
    template = "cms/practice_index_page.html"

    class Meta:
        verbose_name = _("Praxisbeispiele (Übersicht)")

    def permissions_for_user(self, user):
        return EditorsOnlyPermissionTester(user, self)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        viewer = viewer_for(request.user)
        context["practices"] = (
            PracticePage.visible_to(viewer).child_of(self).select_related("organisation").order_by("title")
        )
        context["can_create_practice"] = PracticePage.is_creatable_by(viewer)
        return context
