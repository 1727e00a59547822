"""Forum pages for writing: new threads, replies, edits, deletion, "hilfreich", solutions, reports,
and "Diskussion starten" on a practice. Works without JavaScript: every action is a form."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import PracticePage
from cms.permissions import practices_visible_to

from ...access import Viewer, viewer_for
from ...decorators import member_required
from ...http import AuthenticatedRequest
from ...models import Category, Post, Thread, User
from .. import markdown, selectors, services
from ..forms import EditForm, FlagForm, PostForm, ThreadForm
from ..permissions import (
    can_create_thread_in,
    can_edit_post,
    can_post_in,
    can_react_to,
    category_access,
    is_own_post,
    post_access,
    posts_visible_to,
    thread_access,
)
from ..services import PrivacyHint, RateLimited

Save = Callable[[dict[str, Any], bool], Any]


def _submit(request: AuthenticatedRequest, form: Form, save: Save) -> tuple[Any, dict[str, Any], int]:
    """Shared handling of the writing forms: preview, privacy confirmation, errors, rate limit.
    Returns (result or None, extra template context, HTTP status)."""
    if "vorschau" in request.POST:
        form.is_valid()  # show field errors alongside the preview
        # nh3-sanitised HTML, the same as a saved post's body_html
        return None, {"preview": mark_safe(markdown.render(request.POST.get("body", "")))}, 200  # noqa: S308
    if not form.is_valid():
        return None, {}, 400
    try:
        return save(form.cleaned_data, not form.cleaned_data.get("confirm_privacy")), {}, 200
    except PrivacyHint as hint:
        form.add_error(None, hint.messages[0])
        return None, {"privacy_hint": hint.labels}, 200
    except RateLimited as exc:
        form.add_error(None, exc.message)
        return None, {}, 429
    except ValidationError as exc:
        _errors_to_form(form, exc)
        return None, {}, 400


def _errors_to_form(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _thread_save(user: User, category: Category, data: dict[str, Any], check_privacy: bool) -> Thread:
    return services.thread_create(
        author=user,
        category=category,
        title=data["title"],
        body=data["body"],
        tags=data["tags"],
        practice=data["practice"],
        attachments=data["attachments"],
        check_privacy=check_privacy,
        rate_limit=True,
    )


def _thread_initial(request: AuthenticatedRequest, practices: QuerySet[PracticePage]) -> dict[str, Any]:
    """ "Diskussion starten" from a practice preselects it (``?praxis=<id>``)."""
    practice_id = request.GET.get("praxis", "")
    return {"practice": practices.filter(pk=int(practice_id)).first()} if practice_id.isdigit() else {}


@member_required
def thread_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    category = category_access(viewer, slug=slug)
    if not can_create_thread_in(viewer, category):
        raise Http404
    practices = practices_visible_to(viewer)
    status, extra = 200, dict[str, Any]()
    if request.method == "POST":
        form = ThreadForm(request.POST, request.FILES, practices=practices)
        thread, extra, status = _submit(request, form, partial(_thread_save, request.user, category))
        if thread is not None:
            return redirect("forum-thread", pk=thread.pk)
    else:
        form = ThreadForm(practices=practices, initial=_thread_initial(request, practices))
    context = {"form": form, "category": category, **extra}
    return render(request, "exchange/forum/thread_form.html", context, status=status)


def _reply_save(user: User, thread: Thread, data: dict[str, Any], check_privacy: bool) -> Post:
    return services.post_create(
        author=user,
        thread=thread,
        body=data["body"],
        attachments=data["attachments"],
        check_privacy=check_privacy,
        rate_limit=True,
    )


def _reply_initial(request: AuthenticatedRequest, viewer: Viewer, thread: Thread) -> dict[str, Any]:
    """ "Zitieren" starts the reply with the quoted post (``?zitat=<id>``), if the viewer sees it."""
    quoted_id = request.GET.get("zitat", "")
    if not quoted_id.isdigit():
        return {}
    quoted = (
        posts_visible_to(viewer).filter(thread=thread, pk=int(quoted_id)).select_related("author").first()
    )
    if quoted is None:
        return {}
    name = quoted.author.display_name if quoted.author else _("ehemaliges Mitglied")
    lines = [f"> {line}" if line else ">" for line in quoted.body.splitlines()]
    return {"body": _("> **%(name)s** schrieb:") % {"name": name} + "\n" + "\n".join(lines) + "\n\n"}


@member_required
def post_reply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    thread = thread_access(viewer, pk)
    if not can_post_in(viewer, thread):
        raise PermissionDenied
    status, extra = 200, dict[str, Any]()
    if request.method == "POST":
        form = PostForm(request.POST, request.FILES)
        post, extra, status = _submit(request, form, partial(_reply_save, request.user, thread))
        if post is not None:
            return redirect(selectors.post_url(viewer, post))
    else:
        form = PostForm(initial=_reply_initial(request, viewer, thread))
    context = {"form": form, "thread": thread, **extra}
    return render(request, "exchange/forum/post_form.html", context, status=status)


def _edit_save(user: User, post: Post, data: dict[str, Any], check_privacy: bool) -> Post:
    return services.post_edit(actor=user, post=post, body=data["body"], check_privacy=check_privacy)


@member_required
def post_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = post_access(viewer, pk)
    if not can_edit_post(viewer, post):
        raise PermissionDenied
    status, extra = 200, dict[str, Any]()
    if request.method == "POST":
        form = EditForm(request.POST)
        saved, extra, status = _submit(request, form, partial(_edit_save, request.user, post))
        if saved is not None:
            messages.success(request, _("Ihr Beitrag wurde geändert."))
            return redirect(selectors.post_url(viewer, saved))
    else:
        form = EditForm(initial={"body": post.body})
    context = {"form": form, "thread": post.thread, "post": post, **extra}
    return render(request, "exchange/forum/post_form.html", context, status=status)


def _act(request: AuthenticatedRequest, call: Callable[[], Any], success: str | None = None) -> bool:
    """Run a one-click action; a refusal with a reason becomes an error message on the next page."""
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
def post_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = post_access(viewer, pk)
    thread_id = post.thread_id
    if _act(request, partial(services.post_delete, actor=request.user, post=post), _("Beitrag gelöscht.")):
        return redirect("forum-thread", pk=thread_id)
    return redirect(selectors.post_url(viewer, post))


@member_required
@require_POST
def post_react(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = post_access(viewer, pk)
    _act(request, partial(services.reaction_toggle, user=request.user, post=post))
    return redirect(selectors.post_url(viewer, post))


@member_required
@require_POST
def post_solution(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = post_access(viewer, pk)
    target = None if post.thread.solution_id == post.pk else post
    _act(
        request,
        partial(services.thread_solution_set, actor=request.user, thread=post.thread, post=target),
        _("Als Lösung markiert.") if target else _("Markierung als Lösung entfernt."),
    )
    return redirect(selectors.post_url(viewer, post))


@member_required
def post_flag(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = post_access(viewer, pk)
    if is_own_post(viewer, post):
        messages.error(request, _("Eigene Beiträge können Sie nicht melden; Sie können sie bearbeiten."))
        return redirect(selectors.post_url(viewer, post))
    if not can_react_to(viewer, post):
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = partial(
            services.flag_create, reporter=request.user, post=post, reason=form.cleaned_data["reason"]
        )
        if _act(request, report, _("Danke, die Redaktion sieht sich den Beitrag an.")):
            return redirect(selectors.post_url(viewer, post))
    return render(request, "exchange/forum/flag.html", {"form": form, "post": post})


@member_required
@require_POST
def practice_discussion(request: AuthenticatedRequest, page_id: int) -> HttpResponse:
    """ "Diskussion starten" on a practice page: open (or create on first use) its thread."""
    viewer = viewer_for(request.user)
    page = get_object_or_404(practices_visible_to(viewer).specific(), pk=page_id)
    if not isinstance(page, PracticePage):
        raise Http404
    try:
        thread = services.practice_discussion_get_or_create(user=request.user, page=page)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(page.url)
    return redirect("forum-thread", pk=thread.pk)
