from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from cms import permissions as cms_permissions
from cms import selectors as cms_selectors

from . import selectors
from .decorators import member_required
from .models import Category, Thread
from .permissions import can_view_category, can_view_thread, viewer_for


@member_required
def members_home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    practices = (
        cms_permissions.practices_visible_to(request.user)
        .select_related("organisation")
        .order_by("-first_published_at")[:6]
    )
    threads = selectors.thread_list_for_viewer(viewer)[:6]
    featured = cms_selectors.featured_practice_list(viewer)  # cms: editors' picks (issue #4)
    return render(
        request,
        "exchange/members_home.html",
        {"practices": practices, "threads": threads, "featured_practices": featured},
    )


@member_required
def forum_index(request: HttpRequest) -> HttpResponse:
    categories = selectors.category_list_for_viewer(viewer_for(request.user))
    return render(request, "exchange/forum_index.html", {"categories": categories})


@member_required
def forum_category(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    category = get_object_or_404(Category, slug=slug)
    if not can_view_category(viewer, category):
        raise Http404
    page = Paginator(selectors.thread_list_for_viewer(viewer, category=category), 25).get_page(
        request.GET.get("seite")
    )
    return render(request, "exchange/forum_category.html", {"category": category, "page": page})


@member_required
def forum_thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(Thread.objects.select_related("category"), pk=pk)
    if not can_view_thread(viewer_for(request.user), thread):
        raise Http404
    page = Paginator(selectors.post_list_for_thread(thread), 20).get_page(request.GET.get("seite"))
    return render(request, "exchange/forum_thread.html", {"thread": thread, "page": page})
