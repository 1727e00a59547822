"""Forum moderation pages for the editors: the flag queue, edit history, hide/restore, and the
thread tools (lock, pin, move, merge, notes). Lookups answer 404 before the moderator check (403)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...access import viewer_for
from ...decorators import member_required
from ...http import AuthenticatedRequest, client_ip
from ...models import Post, Thread
from .. import selectors, services
from ..forms import HideForm, MergeForm, MoveForm, NoteForm
from ..permissions import (
    can_view_edit_history,
    moderator_required,
    post_access,
    thread_access,
    threads_visible_to,
)


@member_required
def moderation_queue(request: AuthenticatedRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    moderator_required(viewer)
    page = Paginator(selectors.flag_queue(viewer), 25).get_page(request.GET.get("seite"))
    return render(request, "exchange/forum/moderation.html", {"page": page})


@member_required
def post_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = post_access(viewer, pk)
    if not can_view_edit_history(viewer, post):
        raise PermissionDenied
    revisions = post.revisions.select_related("edited_by")
    return render(request, "exchange/forum/post_history.html", {"post": post, "revisions": revisions})


def _post_hide(request: AuthenticatedRequest, post: Post) -> str:
    form = HideForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.post_hide(actor=request.user, post=post, reason=reason, ip_address=client_ip(request))
    return _("Beitrag ausgeblendet.")


def _post_restore(request: AuthenticatedRequest, post: Post) -> str:
    services.post_restore(actor=request.user, post=post, ip_address=client_ip(request))
    return _("Beitrag wiederhergestellt.")


def _flags_resolve(request: AuthenticatedRequest, post: Post) -> str:
    services.flag_resolve(actor=request.user, post=post, ip_address=client_ip(request))
    return _("Meldungen erledigt.")


POST_ACTIONS: dict[str, Callable[[AuthenticatedRequest, Post], str]] = {
    "ausblenden": _post_hide,
    "wiederherstellen": _post_restore,
    "meldungen-erledigt": _flags_resolve,
}


@member_required
@require_POST
def post_moderate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = post_access(viewer, pk)  # 404 before 403: an id says nothing about what exists
    moderator_required(viewer)
    action = POST_ACTIONS.get(request.POST.get("aktion", ""))
    if action is None:
        return HttpResponse(_("Unbekannte Aktion."), status=400)
    messages.success(request, action(request, post))
    if request.POST.get("zurueck") == "warteschlange":
        return redirect("forum-moderation")
    return redirect(selectors.post_url(viewer, post))


# --- Thread tools: each returns the answer, or None to show the page again with its form's errors ---

Forms = dict[str, Any]


def _thread_lock(
    request: AuthenticatedRequest, thread: Thread, forms: Forms, *, locked: bool
) -> HttpResponse:
    services.thread_lock(actor=request.user, thread=thread, locked=locked, ip_address=client_ip(request))
    return redirect("forum-thread", pk=thread.pk)


def _thread_pin(request: AuthenticatedRequest, thread: Thread, forms: Forms, *, pinned: bool) -> HttpResponse:
    services.thread_pin(actor=request.user, thread=thread, pinned=pinned, ip_address=client_ip(request))
    return redirect("forum-thread", pk=thread.pk)


def _thread_move(request: AuthenticatedRequest, thread: Thread, forms: Forms) -> HttpResponse | None:
    form = forms["move_form"] = MoveForm(request.POST)
    if not form.is_valid():
        return None
    category = form.cleaned_data["category"]
    services.thread_move(actor=request.user, thread=thread, category=category, ip_address=client_ip(request))
    messages.success(request, _("Thema verschoben."))
    return redirect("forum-thread", pk=thread.pk)


def _thread_merge(request: AuthenticatedRequest, thread: Thread, forms: Forms) -> HttpResponse | None:
    form = forms["merge_form"] = MergeForm(request.POST)
    if not form.is_valid():
        return None
    target = threads_visible_to(viewer_for(request.user)).filter(pk=form.cleaned_data["target"]).first()
    if target is None:
        form.add_error("target", _("Dieses Thema gibt es nicht."))
        return None
    try:
        services.thread_merge(actor=request.user, source=thread, target=target, ip_address=client_ip(request))
    except ValidationError as exc:
        form.add_error("target", exc.messages)
        return None
    messages.success(request, _("Themen zusammengeführt."))
    return redirect("forum-thread", pk=target.pk)


def _thread_note(request: AuthenticatedRequest, thread: Thread, forms: Forms) -> HttpResponse | None:
    form = forms["note_form"] = NoteForm(request.POST)
    if not form.is_valid():
        return None
    text = form.cleaned_data["text"]
    services.moderation_note_create(
        actor=request.user, thread=thread, text=text, ip_address=client_ip(request)
    )
    return redirect("forum-thread-moderate", pk=thread.pk)


THREAD_ACTIONS: dict[str, Callable[[AuthenticatedRequest, Thread, Forms], HttpResponse | None]] = {
    "sperren": partial(_thread_lock, locked=True),
    "entsperren": partial(_thread_lock, locked=False),
    "anheften": partial(_thread_pin, pinned=True),
    "loesen": partial(_thread_pin, pinned=False),
    "verschieben": _thread_move,
    "zusammenfuehren": _thread_merge,
    "notiz": _thread_note,
}


@member_required
def thread_moderate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Lock, pin, move, merge and notes of one thread."""
    viewer = viewer_for(request.user)
    thread = thread_access(viewer, pk)  # 404 before 403
    moderator_required(viewer)
    forms: Forms = {
        "move_form": MoveForm(initial={"category": thread.category}),
        "merge_form": MergeForm(),
        "note_form": NoteForm(),
    }
    if request.method == "POST":
        action = THREAD_ACTIONS.get(request.POST.get("aktion", ""))
        if action is None:
            return HttpResponse(_("Unbekannte Aktion."), status=400)
        if (answer := action(request, thread, forms)) is not None:
            return answer
    notes = thread.moderation_notes.select_related("author")
    return render(request, "exchange/forum/thread_moderate.html", {"thread": thread, "notes": notes, **forms})
