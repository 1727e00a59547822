"""Forum pages for reading: categories, a category's threads, a thread, jumps to a post, attachments.

Thin: the ``*_access`` helpers of :mod:`..permissions` fetch what the viewer may see (404 otherwise),
selectors prepare the data, permissions hand the template its flags.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ...access import viewer_for
from ...decorators import member_required
from ...http import AuthenticatedRequest
from ...messages.permissions import contactable_ids
from ...notifications.selectors import follow_for
from .. import selectors, services
from ..attachments import attachment_response
from ..forms import PostForm
from ..permissions import (
    attachment_access,
    can_create_thread_in,
    can_moderate,
    can_post_in,
    can_view_practice_link,
    category_access,
    post_access,
    thread_access,
)

SORTS = [
    ("aktivitaet", _("Letzte Aktivität")),
    ("neu", _("Neueste")),
    ("unbeantwortet", _("Unbeantwortet")),
]


@member_required
def forum_index(request: AuthenticatedRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    categories = selectors.category_list_for_viewer(viewer)
    context = {"categories": categories, "can_moderate": can_moderate(viewer)}
    return render(request, "exchange/forum/index.html", context)


@member_required
def forum_category(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    category = category_access(viewer, slug=slug)
    sort = request.GET.get("sortierung", "aktivitaet")
    if sort not in selectors.THREAD_SORTS:
        sort = "aktivitaet"
    threads = selectors.thread_list_for_viewer(viewer, category=category, sort=sort)
    page = Paginator(threads, settings.FORUM_THREADS_PER_PAGE).get_page(request.GET.get("seite"))
    context = {
        "category": category,
        "page": page,
        "sort": sort,
        "sorts": SORTS,
        "can_create": can_create_thread_in(viewer, category),
        "extra_query": f"sortierung={sort}&",
        "follow": follow_for(request.user, category=category),
    }
    return render(request, "exchange/forum/category.html", context)


@member_required
def forum_thread(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    thread = thread_access(viewer, pk)
    shown = selectors.thread_page(viewer, thread, request.GET.get("seite"))
    if shown.posts:
        services.thread_read_mark(user=request.user, thread=thread, post_id=max(p.pk for p in shown.posts))
    context = {
        "thread": thread,
        "page": shown.page,
        "posts": shown.posts,
        "practice": thread.practice if can_view_practice_link(viewer, thread) else None,
        "tags": list(thread.tags.all()),
        "can_reply": can_post_in(viewer, thread),
        "is_moderator": can_moderate(viewer),
        "reply_form": PostForm(),
        "follow": follow_for(request.user, thread=thread),
        "can_message": contactable_ids(viewer, {p.author for p in shown.posts if p.author}),
    }
    return render(request, "exchange/forum/thread.html", context)


@member_required
def thread_unread(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Jump to the first post the member has not read yet."""
    viewer = viewer_for(request.user)
    thread = thread_access(viewer, pk)
    post = selectors.thread_first_unread_post(viewer, thread)
    if post is None:
        return redirect("forum-thread", pk=thread.pk)
    return redirect(selectors.post_url(viewer, post))


@member_required
def post_goto(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    return redirect(selectors.post_url(viewer, post_access(viewer, pk)))


@member_required
def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """Stream an attachment to those who may see its post; the file has no public URL."""
    return attachment_response(attachment_access(viewer_for(request.user), pk))
