"""Reads of the exchange app, always scoped to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import APIToken

from .models import (
    AuditEvent,
    Category,
    Flag,
    Invitation,
    Membership,
    NotificationSettings,
    Organisation,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadRead,
    User,
    WorkingGroup,
)
from .permissions import (
    Viewer,
    can_moderate,
    categories_visible_to,
    memberships_decidable_by,
    posts_visible_to,
    profiles_visible_to,
    threads_visible_to,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class CategoryCounts(TypedDict):
    thread_count: int
    post_total: int
    last_activity: datetime | None


def category_list_for_viewer(viewer: Viewer) -> QuerySet[WithAnnotations[Category, CategoryCounts]]:
    """Visible categories with thread and post counts and the last activity (subqueries: the
    visibility filter joins working groups, which would multiply plain aggregates)."""
    threads = Thread.objects.filter(category_id=OuterRef("pk")).order_by().values("category_id")
    return (
        categories_visible_to(viewer)
        .annotate(
            thread_count=Coalesce(Subquery(threads.annotate(n=Count("pk")).values("n")), 0),
            post_total=Coalesce(Subquery(threads.annotate(n=Sum("post_count")).values("n")), 0),
            last_activity=Subquery(threads.annotate(m=Max("last_activity_at")).values("m")),
        )
        .order_by("position", "name")
    )


THREAD_SORTS = ("aktivitaet", "neu", "unbeantwortet")


def thread_list_for_viewer(
    viewer: Viewer, *, category: Category | None = None, sort: str = "aktivitaet"
) -> QuerySet[Thread]:
    """Visible threads; pinned first inside a category. ``sort``: latest activity, newest, or
    unanswered (only the first post, no solution). ``has_unread`` tells the viewer what is new."""
    qs = threads_visible_to(viewer).select_related("category", "author")
    if category is not None:
        qs = qs.filter(category=category)
    if viewer.user_id is not None:
        read_upto = ThreadRead.objects.filter(
            thread_id=OuterRef(OuterRef("pk")), user_id=viewer.user_id
        ).values("last_read_post_id")[:1]
        newer = Post.objects.filter(
            thread_id=OuterRef("pk"), is_hidden=False, pk__gt=Coalesce(Subquery(read_upto), 0)
        )
        qs = qs.annotate(has_unread=Exists(newer))
    if sort == "unbeantwortet":
        qs = qs.filter(post_count__lte=1, solution__isnull=True)
    order = "-created_at" if sort in ("neu", "unbeantwortet") else "-last_activity_at"
    if category is not None:
        return qs.order_by("-is_pinned", order, "-pk")
    return qs.order_by(order, "-pk")


def posts_for_thread_page(viewer: Viewer, thread: Thread) -> QuerySet[Post]:
    """The posts of a thread as the viewer may see them, with everything the page shows in a
    constant number of queries: author, attachments, "hilfreich" count and the viewer's own mark."""
    reactions = Reaction.objects.filter(post_id=OuterRef("pk")).order_by().values("post_id")
    qs = (
        posts_visible_to(viewer)
        .filter(thread=thread)
        .select_related("author")
        .prefetch_related("attachments")
        .annotate(
            helpful_count=Coalesce(Subquery(reactions.annotate(n=Count("pk")).values("n")), 0),
            helpful_mine=Exists(Reaction.objects.filter(post_id=OuterRef("pk"), user_id=viewer.user_id or 0)),
        )
        .order_by("created_at", "id")
    )
    if can_moderate(viewer):
        revisions = PostRevision.objects.filter(post_id=OuterRef("pk")).order_by().values("post_id")
        flags = (
            Flag.objects.filter(post_id=OuterRef("pk"), resolved_at__isnull=True).order_by().values("post_id")
        )
        qs = qs.annotate(
            revision_count=Coalesce(Subquery(revisions.annotate(n=Count("pk")).values("n")), 0),
            open_flag_count=Coalesce(Subquery(flags.annotate(n=Count("pk")).values("n")), 0),
        )
    return qs


def post_list_for_thread(thread: Thread) -> QuerySet[Post]:
    return thread.posts.filter(is_hidden=False).select_related("author").order_by("created_at", "id")


def post_page_number(viewer: Viewer, post: Post, *, per_page: int) -> int:
    """On which page of its thread ``post`` appears for the viewer."""
    before = (
        posts_visible_to(viewer)
        .filter(thread_id=post.thread_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    return before // per_page + 1


def thread_first_unread_post(viewer: Viewer, thread: Thread) -> Post | None:
    """The first visible post after what the viewer last read; the last post when all is read."""
    visible = posts_visible_to(viewer).filter(thread=thread).order_by("created_at", "id")
    read = ThreadRead.objects.filter(thread=thread, user_id=viewer.user_id or 0).first()
    if read is not None:
        unread = visible.filter(pk__gt=read.last_read_post_id).first()
        return unread or visible.last()
    return visible.first()


def thread_read_upto(viewer: Viewer, thread: Thread) -> int:
    read = ThreadRead.objects.filter(thread=thread, user_id=viewer.user_id or 0).values_list(
        "last_read_post_id", flat=True
    )
    return next(iter(read), 0)


def flag_queue(viewer: Viewer) -> QuerySet[Post]:
    """Posts with open reports, oldest report first, for moderators (empty for everyone else)."""
    if not can_moderate(viewer):
        return Post.objects.none()
    open_flags = Flag.objects.filter(resolved_at__isnull=True)
    return (
        Post.objects.filter(pk__in=open_flags.values("post_id"))
        .select_related("author", "thread", "thread__category")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=open_flags.select_related("reporter").order_by("created_at"),
                to_attr="open_flags",
            )
        )
        .annotate(first_flag_at=Min("flags__created_at", filter=Q(flags__resolved_at__isnull=True)))
        .order_by("first_flag_at", "pk")
    )


# --- Membership -------------------------------------------------------------------------------


def membership_list_for_user(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def membership_pending_for_viewer(viewer: Viewer) -> QuerySet[Membership]:
    """Pending requests the viewer may decide; only people whose e-mail address is verified."""
    verified = EmailAddress.objects.filter(user_id=OuterRef("user_id"), verified=True)
    return (
        memberships_decidable_by(viewer)
        .filter(status=Membership.Status.PENDING, user__is_active=True)
        .filter(Exists(verified))
        .exclude(user_id=viewer.user_id or 0)
        .select_related("user", "organisation")
        .order_by("created_at", "id")
    )


def membership_list_for_organisation(viewer: Viewer, organisation: Organisation) -> QuerySet[Membership]:
    """The active members of an organisation the viewer manages (empty otherwise)."""
    return (
        memberships_decidable_by(viewer)
        .filter(organisation=organisation, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def organisations_managed_by(viewer: Viewer) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(status=Organisation.Status.ACTIVE)
    if not viewer.is_editor:
        qs = qs.filter(pk__in=viewer.partner_organisation_ids)
    return qs.order_by("name")


def invitation_list_open_for_viewer(viewer: Viewer) -> QuerySet[Invitation]:
    orgs = organisations_managed_by(viewer)
    return (
        Invitation.objects.filter(
            organisation__in=orgs,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def directory_for_viewer(
    viewer: Viewer,
    *,
    q: str = "",
    organisation: Organisation | None = None,
    region: str = "",
    position: str = "",
    working_group: WorkingGroup | None = None,
) -> QuerySet[User]:
    """Colleagues the viewer may see (profile visibility respected), filtered; memberships prefetched."""
    people = profiles_visible_to(viewer)
    active = Membership.objects.filter(
        status=Membership.Status.ACTIVE, organisation__status=Organisation.Status.ACTIVE
    )
    if organisation is not None:
        people = people.filter(Exists(active.filter(user_id=OuterRef("pk"), organisation=organisation)))
    if region:
        people = people.filter(Exists(active.filter(user_id=OuterRef("pk"), organisation__region=region)))
    if position:
        people = people.filter(position__icontains=position.strip())
    if working_group is not None:
        people = people.filter(working_groups=working_group)
    for word in q.split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    return (
        people.prefetch_related(
            Prefetch(
                "memberships",
                queryset=active.select_related("organisation").order_by("organisation__name"),
                to_attr="active_memberships",
            ),
            Prefetch("working_groups", queryset=WorkingGroup.objects.order_by("name")),
        )
        .order_by("last_name", "first_name", "email")
        .distinct()
    )


def audit_event_list(*, kind: str = "") -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor", "subject", "organisation").order_by("-created_at", "-id")
    return qs.filter(kind=kind) if kind else qs


def api_token_list_for_user(user: User) -> QuerySet[APIToken]:
    return APIToken.objects.filter(user=user).order_by("revoked_at", "-created")


def user_data_export(user: User) -> dict[str, Any]:
    """Everything stored about a person (DSGVO Art. 15/20), as JSON-ready data. No secrets."""

    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "exportiert_am": timezone.now().isoformat(),
        "person": {
            "id": user.pk,
            "email": user.email,
            "vorname": user.first_name,
            "nachname": user.last_name,
            "funktion": user.position,
            "telefon": user.phone,
            "kurzname": user.handle,
            "profil_sichtbar_fuer": user.profile_visibility,
            "aktiv": user.is_active,
            "registriert_am": iso(user.date_joined),
            "letzte_anmeldung": iso(user.last_login),
        },
        "email_adressen": [
            {"email": e.email, "bestaetigt": e.verified, "primaer": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "mitgliedschaften": [
            {
                "organisation": m.organisation.name,
                "rolle": m.role,
                "status": m.status,
                "beantragt_am": iso(m.created_at),
                "entschieden_am": iso(m.decided_at),
                "begruendung": m.reason,
            }
            for m in membership_list_for_user(user)
        ],
        "arbeitsgruppen": list(user.working_groups.order_by("name").values_list("name", flat=True)),
        # Participation (exchange.services.notifications): follows and the e-mail choice
        "abonnements": [
            {
                "thema_id": f.thread_id,
                "kategorie_id": f.category_id,
                "stufe": f.level,
                "seit": iso(f.created_at),
            }
            for f in user.follows.order_by("created_at")
        ],
        "email_benachrichtigungen": next(
            iter(NotificationSettings.objects.filter(user=user).values_list("email", flat=True)), "digest"
        ),
        "themen": [
            {"id": t.pk, "titel": t.title, "erstellt_am": iso(t.created_at)}
            for t in Thread.objects.filter(author=user).order_by("created_at")
        ],
        "beitraege": [
            {"id": p.pk, "thema_id": p.thread_id, "text": p.body, "erstellt_am": iso(p.created_at)}
            for p in Post.objects.filter(author=user).order_by("created_at")
        ],
        "hilfreich_markiert": [
            {"beitrag_id": r.post_id, "am": iso(r.created_at)}
            for r in Reaction.objects.filter(user=user).order_by("created_at")
        ],
        "meldungen": [
            {"beitrag_id": f.post_id, "grund": f.reason, "am": iso(f.created_at)}
            for f in Flag.objects.filter(reporter=user).order_by("created_at")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "praefix": t.prefix,
                "erstellt_am": iso(t.created),
                "zuletzt_benutzt": iso(t.last_used_at),
                "widerrufen_am": iso(t.revoked_at),
            }
            for t in api_token_list_for_user(user)
        ],
        "protokoll": [
            {"zeitpunkt": iso(e.created_at), "ereignis": e.kind, "ip_adresse": e.ip_address}
            for e in AuditEvent.objects.filter(subject=user).order_by("created_at")[:1000]
        ],
    }


# --- Members' start page ----------------------------------------------------------------------

# Suggestions from the kind of organisation until a person saves own interests in the profile.
KIND_PROFESSIONAL_FIELDS: dict[str, str] = {
    Organisation.Kind.KOMMUNE: "Kommunalverwaltung",
    Organisation.Kind.KREIS: "Kommunalverwaltung",
    Organisation.Kind.POLIZEI: "Polizei und Zoll",
    Organisation.Kind.LANDESBEHOERDE: "Landes- und Bundesverwaltung",
    Organisation.Kind.SCHULE: "Bildung und Erziehung",
    Organisation.Kind.HOCHSCHULE: "Wissenschaft und Kultur",
}
KIND_TARGET_GROUPS: dict[str, str] = {
    Organisation.Kind.KOMMUNE: "Innendienst mit Publikumsverkehr",
    Organisation.Kind.KREIS: "Innendienst mit Publikumsverkehr",
    Organisation.Kind.POLIZEI: "Operativ- und Einsatzkräfte",
    Organisation.Kind.SCHULE: "Lehrkräfte / Schulen",
}


@dataclass(frozen=True)
class Interests:
    """What the members' start page shows first: taxonomy term ids and a region code."""

    target_group_ids: frozenset[int] = frozenset()
    professional_field_ids: frozenset[int] = frozenset()
    region: str = ""
    suggested: bool = False  # True: derived from the organisation, not saved by the person

    def __bool__(self) -> bool:
        return bool(self.target_group_ids or self.professional_field_ids or self.region)


def member_interests(user: User) -> Interests:
    """The person's saved interests; without any, suggestions from the first active organisation."""
    from cms.models import Term

    target_groups = frozenset(user.interest_target_groups.values_list("pk", flat=True))
    fields = frozenset(user.interest_professional_fields.values_list("pk", flat=True))
    if target_groups or fields or user.interest_region:
        return Interests(target_groups, fields, user.interest_region)
    membership = (
        Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, organisation__status=Organisation.Status.ACTIVE
        )
        .select_related("organisation")
        .order_by("created_at", "pk")
        .first()
    )
    if membership is None:
        return Interests()
    kind = membership.organisation.kind

    def term_ids(vocabulary: str, name: str | None) -> frozenset[int]:
        if not name:
            return frozenset()
        qs = Term.objects.filter(vocabulary=vocabulary, name=name)
        return frozenset(qs.values_list("pk", flat=True))

    return Interests(
        target_group_ids=term_ids("target_group", KIND_TARGET_GROUPS.get(kind)),
        professional_field_ids=term_ids("professional_field", KIND_PROFESSIONAL_FIELDS.get(kind)),
        region=membership.organisation.region,
        suggested=True,
    )


def interest_labels(interests: Interests) -> list[str]:
    """Readable names of the interests, for the start page's "Ihre Schwerpunkte" line."""
    from cms.models import Term

    ids = interests.target_group_ids | interests.professional_field_ids
    names = list(
        Term.objects.filter(pk__in=ids).order_by("vocabulary", "position").values_list("name", flat=True)
    )
    if interests.region:
        names.append(str(dict(Organisation.Region.choices).get(interests.region, interests.region)))
    return names


def thread_list_for_interests(
    viewer: Viewer, *, practice_ids: list[int], region: str, limit: int = 6
) -> list[Thread]:
    """Visible threads about the given practices or started by colleagues in the region; then the
    latest others, so the list is never empty while the forum is not."""
    matching_authors = Membership.objects.filter(
        user_id=OuterRef("author_id"), status=Membership.Status.ACTIVE, organisation__region=region
    )
    condition = Q(practice_id__in=practice_ids)
    if region:
        condition |= Q(Exists(matching_authors))
    visible = thread_list_for_viewer(viewer)
    matched = list(visible.filter(condition)[:limit])
    for thread in matched:
        thread.matches_interests = True  # type: ignore[attr-defined]
    if len(matched) < limit:
        matched += list(visible.exclude(pk__in=[t.pk for t in matched])[: limit - len(matched)])
    return matched
