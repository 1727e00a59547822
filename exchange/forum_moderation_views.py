"""Forum moderation pages for the editors: the flag queue, edit history, hide/restore, and the
thread tools (lock, pin, move, merge, notes). Lookups answer 404 before the moderator check (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .decorators import member_required
from .forum_forms import HideForm, MergeForm, MoveForm, NoteForm
from .forum_views import _post_or_404, _post_url, _thread_or_404
from .http import client_ip
from .permissions import Viewer, can_moderate, can_view_edit_history, threads_visible_to, viewer_for


def _moderator_viewer(request: HttpRequest) -> Viewer:
    viewer = viewer_for(request.user)
    if not can_moderate(viewer):
        raise PermissionDenied
    return viewer


@member_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    viewer = _moderator_viewer(request)
    page = Paginator(selectors.flag_queue(viewer), 25).get_page(request.GET.get("seite"))
    return render(request, "exchange/forum_moderation.html", {"page": page})


@member_required
def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = _post_or_404(viewer, pk)
    if not can_view_edit_history(viewer, post):
        raise PermissionDenied
    revisions = post.revisions.select_related("edited_by")
    return render(request, "exchange/forum_post_history.html", {"post": post, "revisions": revisions})


@member_required
@require_POST
def post_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    post = _post_or_404(viewer, pk)  # 404 before 403: an id says nothing about what exists
    _moderator_viewer(request)
    action = request.POST.get("aktion")
    ip = client_ip(request)
    if action == "ausblenden":
        form = HideForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.post_hide(actor=request.user, post=post, reason=reason, ip_address=ip)
        messages.success(request, _("Beitrag ausgeblendet."))
    elif action == "wiederherstellen":
        services.post_restore(actor=request.user, post=post, ip_address=ip)
        messages.success(request, _("Beitrag wiederhergestellt."))
    elif action == "meldungen-erledigt":
        services.flag_resolve(actor=request.user, post=post, ip_address=ip)
        messages.success(request, _("Meldungen erledigt."))
    else:
        return HttpResponse(_("Unbekannte Aktion."), status=400)
    if request.POST.get("zurueck") == "warteschlange":
        return redirect("forum-moderation")
    return redirect(_post_url(viewer, post))


@member_required
def thread_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """Lock, pin, move, merge and notes of one thread."""
    viewer = viewer_for(request.user)
    thread = _thread_or_404(viewer, pk)  # 404 before 403
    _moderator_viewer(request)
    ip = client_ip(request)
    move_form = MoveForm(initial={"category": thread.category})
    merge_form, note_form = MergeForm(), NoteForm()
    if request.method == "POST":
        action = request.POST.get("aktion")
        if action in ("sperren", "entsperren"):
            services.thread_lock(actor=request.user, thread=thread, locked=action == "sperren", ip_address=ip)
            return redirect("forum-thread", pk=thread.pk)
        if action in ("anheften", "loesen"):
            services.thread_pin(actor=request.user, thread=thread, pinned=action == "anheften", ip_address=ip)
            return redirect("forum-thread", pk=thread.pk)
        if action == "verschieben":
            move_form = MoveForm(request.POST)
            if move_form.is_valid():
                services.thread_move(
                    actor=request.user,
                    thread=thread,
                    category=move_form.cleaned_data["category"],
                    ip_address=ip,
                )
                messages.success(request, _("Thema verschoben."))
                return redirect("forum-thread", pk=thread.pk)
        elif action == "zusammenfuehren":
            merge_form = MergeForm(request.POST)
            if merge_form.is_valid():
                target = threads_visible_to(viewer).filter(pk=merge_form.cleaned_data["target"]).first()
                if target is None:
                    merge_form.add_error("target", _("Dieses Thema gibt es nicht."))
                else:
                    try:
                        services.thread_merge(actor=request.user, source=thread, target=target, ip_address=ip)
                    except ValidationError as exc:
                        merge_form.add_error("target", exc.messages)
                    else:
                        messages.success(request, _("Themen zusammengeführt."))
                        return redirect("forum-thread", pk=target.pk)
        elif action == "notiz":
            note_form = NoteForm(request.POST)
            if note_form.is_valid():
                services.moderation_note_create(
                    actor=request.user, thread=thread, text=note_form.cleaned_data["text"], ip_address=ip
                )
                return redirect("forum-thread-moderate", pk=thread.pk)
        else:
            return HttpResponse(_("Unbekannte Aktion."), status=400)
    notes = thread.moderation_notes.select_related("author")
    return render(
        request,
        "exchange/forum_thread_moderate.html",
        {
            "thread": thread,
            "move_form": move_form,
            "merge_form": merge_form,
            "note_form": note_form,
            "notes": notes,
        },
    )
