"""Forum pages. Thin: look up what the viewer may see (404 otherwise), hand input to a service,
render prepared data. Works without JavaScript: every action is a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import permissions as cms_permissions

from . import markdown, notification_selectors, selectors, services
from .attachments import attachment_storage
from .decorators import member_required
from .forum_forms import EditForm, FlagForm, PostForm, ThreadForm
from .models import Attachment, Post, Thread
from .permissions import (
    Viewer,
    can_create_thread_in,
    can_download_attachment,
    can_edit_post,
    can_flag,
    can_mark_solution,
    can_moderate,
    can_post_in,
    can_react_to,
    can_view_practice_link,
    categories_visible_to,
    is_own_post,
    posts_visible_to,
    threads_visible_to,
    viewer_for,
)
from .services import PrivacyHint, RateLimited


def _thread_or_404(viewer: Viewer, pk: int) -> Thread:
    return get_object_or_404(
        threads_visible_to(viewer)
        .select_related("category", "author")
        .prefetch_related("category__working_groups"),
        pk=pk,
    )


def _post_or_404(viewer: Viewer, pk: int) -> Post:
    return get_object_or_404(
        posts_visible_to(viewer).select_related("thread", "thread__category", "author"), pk=pk
    )


def _post_url(viewer: Viewer, post: Post) -> str:
    return selectors.post_url(viewer, post)


def _submit(
    request: HttpRequest, form: Any, save: Callable[[dict, bool], Any]
) -> tuple[Any, dict[str, Any], int]:
    """Shared handling of the writing forms: preview, privacy confirmation, errors, rate limit.
    Returns (result or None, extra template context, HTTP status)."""
    extra: dict[str, Any] = {}
    if "vorschau" in request.POST:
        # nh3-sanitised HTML, the same as a saved post's body_html
        extra["preview"] = mark_safe(markdown.render(request.POST.get("body", "")))  # noqa: S308
        form.is_valid()  # show field errors alongside the preview
        return None, extra, 200
    if not form.is_valid():
        return None, extra, 400
    try:
        return save(form.cleaned_data, not form.cleaned_data.get("confirm_privacy")), extra, 200
    except PrivacyHint as hint:
        extra["privacy_hint"] = hint.labels
        form.add_error(None, hint.messages[0])
        return None, extra, 200
    except RateLimited as exc:
        form.add_error(None, exc.message)
        return None, extra, 429
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None, extra, 400


# --- Reading ----------------------------------------------------------------------------------


@member_required
def forum_index(request: HttpRequest) -> HttpResponse:
    categories = selectors.category_list_for_viewer(viewer_for(request.user))
    return render(request, "exchange/forum_index.html", {"categories": categories})


@member_required
def forum_category(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    category = get_object_or_404(categories_visible_to(viewer), slug=slug)
    sort = request.GET.get("sortierung", "aktivitaet")
    if sort not in selectors.THREAD_SORTS:
        sort = "aktivitaet"
    threads = selectors.thread_list_for_viewer(viewer, category=category, sort=sort)
    page = Paginator(threads, settings.FORUM_THREADS_PER_PAGE).get_page(request.GET.get("seite"))
    sorts = [
        ("aktivitaet", _("Letzte Aktivität")),
        ("neu", _("Neueste")),
        ("unbeantwortet", _("Unbeantwortet")),
    ]
    return render(
        request,
        "exchange/forum_category.html",
        {
            "category": category,
            "page": page,
            "sort": sort,
            "sorts": sorts,
            "can_create": can_create_thread_in(viewer, category),
            "extra_query": f"sortierung={sort}&",
            "follow": notification_selectors.follow_for(request.user, category=category),
        },
    )


@member_required
def forum_thread(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    thread = _thread_or_404(viewer, pk)
    read_upto = selectors.thread_read_upto(viewer, thread)
    posts = selectors.posts_for_thread_page(viewer, thread)
    page = Paginator(posts, settings.FORUM_POSTS_PER_PAGE).get_page(request.GET.get("seite"))
    items = list(page.object_list)
    moderator = can_moderate(viewer)
    for post in items:
        post.thread = thread  # the permission checks below need it; no query per post
        post.is_unread = post.pk > read_upto
        post.can_edit = can_edit_post(viewer, post)
        post.can_react = can_react_to(viewer, post)
        post.can_flag = can_flag(viewer, post)
    if items:
        services.thread_read_mark(user=request.user, thread=thread, post_id=max(p.pk for p in items))
    practice = thread.practice if thread.practice_id and can_view_practice_link(viewer, thread) else None
    context = {
        "thread": thread,
        "page": page,
        "posts": items,
        "first_post_id": items[0].pk if items and page.number == 1 else None,
        "practice": practice,
        "tags": list(thread.tags.all()),
        "can_reply": can_post_in(viewer, thread),
        "can_mark_solution": can_mark_solution(viewer, thread),
        "is_moderator": moderator,
        "reply_form": PostForm(),
        "follow": notification_selectors.follow_for(request.user, thread=thread),
    }
    return render(request, "exchange/forum_thread.html", context)


@member_required
def thread_unread(request: HttpRequest, pk: int) -> HttpResponse:
    """Jump to the first post the member has not read yet."""
    viewer = viewer_for(request.user)
    thread = _thread_or_404(viewer, pk)
    post = selectors.thread_first_unread_post(viewer, thread)
    if post is None:
        return redirect("forum-thread", pk=thread.pk)
    return redirect(_post_url(viewer, post))


@member_required
def post_goto(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    return redirect(_post_url(viewer, _post_or_404(viewer, pk)))


@member_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream an attachment to those who may see its post; the file has no public URL."""
    viewer = viewer_for(request.user)
    attachment = get_object_or_404(
        Attachment.objects.select_related("post", "post__thread", "post__thread__category"), pk=pk
    )
    if not can_download_attachment(viewer, attachment):
        raise Http404
    try:
        handle = attachment_storage().open(attachment.stored_name, "rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Writing ----------------------------------------------------------------------------------


@member_required
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    category = get_object_or_404(categories_visible_to(viewer), slug=slug)
    if not can_create_thread_in(viewer, category):
        raise Http404
    practices = cms_permissions.practices_visible_to(viewer)
    status, extra = 200, {}
    if request.method == "POST":
        form = ThreadForm(request.POST, request.FILES, practices=practices)

        def save(data: dict, check_privacy: bool) -> Thread:
            return services.thread_create(
                author=request.user,
                category=category,
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
                practice=data["practice"],
                attachments=data["attachments"],
                check_privacy=check_privacy,
                rate_limit=True,
            )

        thread, extra, status = _submit(request, form, save)
        if thread is not None:
            return redirect("forum-thread", pk=thread.pk)
    else:
        initial = {}
        practice_id = request.GET.get("praxis", "")
        if practice_id.isdigit():
            initial["practice"] = practices.filter(pk=int(practice_id)).first()
        form = ThreadForm(practices=practices, initial=initial)
    return render(
        request,
        "exchange/forum_thread_form.html",
        {"form": form, "category": category, **extra},
        status=status,
    )


def _quote(post: Post) -> str:
    name = post.author.display_name if post.author else _("ehemaliges Mitglied")
    lines = [f"> {line}" if line else ">" for line in post.body.splitlines()]
    return _("> **%(name)s** schrieb:") % {"name": name} + "\n" + "\n".join(lines) + "\n\n"


@member_required
def post_reply(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    thread = _thread_or_404(viewer, pk)
    if not can_post_in(viewer, thread):
        raise PermissionDenied
    status, extra = 200, {}
    if request.method == "POST":
        form = PostForm(request.POST, request.FILES)

        def save(data: dict, check_privacy: bool) -> Post:
            return services.post_create(
                author=request.user,
                thread=thread,
                body=data["body"],
                attachments=data["attachments"],
                check_privacy=check_privacy,
                rate_limit=True,
            )

        post, extra, status = _submit(request, form, save)
        if post is not None:
            return redirect(_post_url(viewer, post))
    else:
        initial = {}
        quoted_id = request.GET.get("zitat", "")
        if quoted_id.isdigit():
            quoted = (
                posts_visible_to(viewer).filter(thread=thread, pk=int(quoted_id)).select_related("author")
            )
            if quoted_post := quoted.first():
                initial["body"] = _quote(quoted_post)
        form = PostForm(initial=initial)
    return render(
        request, "exchange/forum_post_form.html", {"form": form, "thread": thread, **extra}, status=status
    )


@member_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = _post_or_404(viewer, pk)
    if not can_edit_post(viewer, post):
        raise PermissionDenied
    status, extra = 200, {}
    if request.method == "POST":
        form = EditForm(request.POST)

        def save(data: dict, check_privacy: bool) -> Post:
            return services.post_edit(
                actor=request.user, post=post, body=data["body"], check_privacy=check_privacy
            )

        saved, extra, status = _submit(request, form, save)
        if saved is not None:
            messages.success(request, _("Ihr Beitrag wurde geändert."))
            return redirect(_post_url(viewer, saved))
    else:
        form = EditForm(initial={"body": post.body})
    return render(
        request,
        "exchange/forum_post_form.html",
        {"form": form, "thread": post.thread, "post": post, **extra},
        status=status,
    )


def _act(request: HttpRequest, call: Callable[[], Any], success: str | None = None) -> bool:
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    if success:
        messages.success(request, success)
    return True


@member_required
@require_POST
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = _post_or_404(viewer, pk)
    thread_id = post.thread_id
    if _act(request, lambda: services.post_delete(actor=request.user, post=post), _("Beitrag gelöscht.")):
        return redirect("forum-thread", pk=thread_id)
    return redirect(_post_url(viewer, post))


@member_required
@require_POST
def post_react(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = _post_or_404(viewer, pk)
    _act(request, lambda: services.reaction_toggle(user=request.user, post=post))
    return redirect(_post_url(viewer, post))


@member_required
@require_POST
def post_solution(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = _post_or_404(viewer, pk)
    target = None if post.thread.solution_id == post.pk else post
    _act(
        request,
        lambda: services.thread_solution_set(actor=request.user, thread=post.thread, post=target),
        _("Als Lösung markiert.") if target else _("Markierung als Lösung entfernt."),
    )
    return redirect(_post_url(viewer, post))


@member_required
def post_flag(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = _post_or_404(viewer, pk)
    if is_own_post(viewer, post):
        messages.error(request, _("Eigene Beiträge können Sie nicht melden; Sie können sie bearbeiten."))
        return redirect(_post_url(viewer, post))
    if not can_flag(viewer, post):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if _act(
            request,
            lambda: services.flag_create(reporter=request.user, post=post, reason=reason),
            _("Danke, die Redaktion sieht sich den Beitrag an."),
        ):
            return redirect(_post_url(viewer, post))
    return render(request, "exchange/forum_flag.html", {"form": form, "post": post})


@member_required
@require_POST
def practice_discussion(request: HttpRequest, page_id: int) -> HttpResponse:
    """ "Diskussion starten" on a practice page: open (or create on first use) its thread."""
    from cms.models import PracticePage

    viewer = viewer_for(request.user)
    page = get_object_or_404(cms_permissions.practices_visible_to(viewer).specific(), pk=page_id)
    if not isinstance(page, PracticePage):
        raise Http404
    try:
        thread = services.practice_discussion_get_or_create(user=request.user, page=page)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(page.url)
    return redirect("forum-thread", pk=thread.pk)
