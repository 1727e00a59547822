"""Wagtail integration of the network's public face: the editors' join-request views under /cms/,
their menu item and dashboard panel, the public partner list's consent records as a snippet, and the
start page's news and live figures (through the start page's context hook)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks  # type: ignore[attr-defined]  # mypy: see pyproject.toml, [tool.mypy]
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import HomePage
from exchange.access import viewer_for
from exchange.wagtail_hooks import EditorsOnlyPolicy

from . import selectors, urls
from .models import NewsIndexPage, PartnerListing
from .permissions import can_decide_join_requests


@hooks.register("register_admin_urls")
def join_request_admin_urls():
    return [path("", include(urls.admin_urlpatterns))]


class JoinRequestsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_decide_join_requests(viewer_for(request.user))


@hooks.register("register_admin_menu_item")
def join_requests_menu_item():
    return JoinRequestsMenuItem(
        _("Beitrittsanfragen"), reverse("network-join-requests"), icon_name="mail", order=270
    )


class JoinRequestsPanel(Component):
    """Dashboard: how many join requests wait, with the link to decide."""

    name = "network_join_requests"
    template_name = "network/admin/join_requests_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["count"] = selectors.join_requests_pending().count()
        context["url"] = reverse("network-join-requests")
        return context


@hooks.register("construct_homepage_panels")
def join_requests_panel(request: HttpRequest, panels: list) -> None:
    if can_decide_join_requests(viewer_for(request.user)):
        panels.append(JoinRequestsPanel())


class PartnerListingViewSet(SnippetViewSet):
    model = PartnerListing
    icon = "list-ul"
    menu_label = _("Partnerliste")
    menu_order = 265
    add_to_admin_menu = True
    list_display = ["organisation", "consented_at", "note"]
    search_fields = ["organisation__name"]
    panels = [FieldPanel("organisation"), FieldPanel("consented_at"), FieldPanel("note")]


register_permission_policy(PartnerListing, EditorsOnlyPolicy(PartnerListing), exact_class=True)
register_snippet(PartnerListingViewSet)


@hooks.register(HomePage.CONTEXT_HOOK)
def home_page_news_and_figures(request: HttpRequest, page: HomePage) -> dict:
    return {
        "latest_news": list(selectors.latest_news(3)),
        "news_index": NewsIndexPage.objects.live().public().first(),
        "figures": selectors.live_figures(),
    }
