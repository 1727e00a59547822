"""The search in the Wagtail admin, German first: synonyms and promotions (snippets), the
search-queries report (search.analytics) for editors and administrators."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks  # type: ignore[attr-defined]  # mypy: see pyproject.toml, [tool.mypy]
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import analytics
from .models import Promotion, SearchQueryLog, Synonym
from .permissions import can_view_search_report


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyme")
    menu_name = "synonyme"
    add_to_admin_menu = True
    menu_order = 800
    list_display = ["__str__", "note", "is_active", "updated_at"]
    list_filter = ["is_active"]
    panels = [FieldPanel("terms"), FieldPanel("note"), FieldPanel("is_active")]


register_snippet(SynonymViewSet)


# --- Promotions: a practice first for certain queries ---------------------------------------------


class PromotionViewSet(SnippetViewSet):
    model = Promotion
    icon = "pick"
    menu_label = _("Empfehlungen in der Suche")
    menu_name = "suchempfehlungen"
    add_to_admin_menu = True
    menu_order = 810
    list_display = ["__str__", "starts_on", "ends_on", "is_active", "updated_at"]
    list_filter = ["is_active"]
    panels = [
        FieldPanel("queries"),
        FieldPanel("page"),
        FieldPanel("note"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("position"),
        FieldPanel("is_active"),
    ]


register_snippet(PromotionViewSet)


# --- Report: what members search for ------------------------------------------------------------


class SearchQueryFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(label=_("Zeitraum"), widget=DateRangePickerWidget)
    zero_results = django_filters.BooleanFilter(
        label=_("Nur Suchen ohne Treffer"),
        method="filter_zero_results",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = SearchQueryLog
        fields = ["day"]

    def filter_zero_results(self, queryset, name, value):
        return queryset.filter(result_count=0) if value else queryset


def _rate(row: dict) -> str:
    return f"{row['clicked'] / row['searches']:.0%}" if row["searches"] else "–"


class SearchQueriesReport(ReportView):
    """Top queries, zero-result queries and click-through, for editors and administrators only."""

    page_title = _("Suchanfragen")
    header_icon = "search"
    index_url_name = "search_queries_report"
    index_results_url_name = "search_queries_report_results"
    results_template_name = "search/admin/search_queries_results.html"
    filterset_class = SearchQueryFilterSet
    list_export = ["query", "searches", "zero_results", "clicked", "click_count"]
    export_headings = {
        "query": _("Suchbegriff"),
        "searches": _("Suchen"),
        "zero_results": _("davon ohne Treffer"),
        "clicked": _("davon mit Klick"),
        "click_count": _("Klicks"),
    }

    def user_can_access(self) -> bool:
        return can_view_search_report(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if not can_view_search_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def columns(self):
        return [
            Column("query", label=_("Suchbegriff"), accessor=lambda row: row["query"]),
            Column("searches", label=_("Suchen"), accessor=lambda row: row["searches"]),
            Column("zero_results", label=_("ohne Treffer"), accessor=lambda row: row["zero_results"]),
            Column("click_count", label=_("Klicks"), accessor=lambda row: row["click_count"]),
            Column("click_rate", label=_("Klickrate"), accessor=_rate),
        ]

    def get_queryset(self):
        return SearchQueryLog.objects.all()

    def get_filtered_queryset(self):
        self.filtered_logs = self.filter_queryset(self.get_queryset())
        return analytics.query_stats(self.filtered_logs)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        stats = analytics.totals(self.filtered_logs)
        stats["zero_percent"] = round(stats["zero_rate"] * 100)
        stats["click_percent"] = round(stats["click_rate"] * 100)
        context["totals"] = stats
        return context


@hooks.register("register_admin_urls")
def search_report_urls():
    return [
        path("berichte/suchanfragen/", SearchQueriesReport.as_view(), name="search_queries_report"),
        path(
            "berichte/suchanfragen/ergebnisse/",
            SearchQueriesReport.as_view(results_only=True),
            name="search_queries_report_results",
        ),
    ]


class _EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_search_report(request.user)


@hooks.register("register_reports_menu_item")
def search_report_menu_item():
    return _EditorsMenuItem(
        _("Suchanfragen"), reverse("search_queries_report"), icon_name="search", order=710
    )
