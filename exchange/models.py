"""People and talk: users, organisations, memberships, working groups, API tokens, the forum."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """The five Regierungsbezirke of NRW, plus "landesweit"; used by organisations, practices, interests."""

    ARNSBERG = "arnsberg", "Arnsberg"
    DETMOLD = "detmold", "Detmold"
    DUESSELDORF = "duesseldorf", "Düsseldorf"
    KOELN = "koeln", "Köln"
    MUENSTER = "muenster", "Münster"
    LANDESWEIT = "landesweit", _("landesweit")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("E-mail is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. Logs in with the e-mail address; there is no username."""

    username = None  # type: ignore[assignment]

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("alle Mitglieder")
        ORGANISATION = "organisation", _("nur meine Organisation")
        NOBODY = "nobody", _("niemand")

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    position = models.CharField(_("Funktion"), max_length=200, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    profile_visibility = models.CharField(
        _("Profil sichtbar für"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.ORGANISATION,
        help_text=_("Wer Sie im Mitgliederverzeichnis findet und Ihr Profil sehen darf."),
    )
    # The public name for @mentions, made from the name once and then stable (never the e-mail address).
    handle = models.SlugField(
        _("Kurzname für Erwähnungen"), max_length=60, unique=True, null=True, blank=True, editable=False
    )

    # What the members' start page shows first. Empty = suggestions from the organisation
    # (exchange.selectors.member_interests) until the person saves the profile.
    interest_target_groups = models.ManyToManyField(
        "cms.Term",
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "target_group"},
        verbose_name=_("Meine Zielgruppen"),
        help_text=_("Mit welchen Beschäftigten haben Sie zu tun? Passende Inhalte erscheinen zuerst."),
    )
    interest_professional_fields = models.ManyToManyField(
        "cms.Term",
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "professional_field"},
        verbose_name=_("Meine Berufsbereiche"),
    )
    interest_region = models.CharField(
        _("Meine Region"),
        max_length=20,
        blank=True,
        choices=Region.choices,
        help_text=_("Regierungsbezirk, dessen Praxisbeispiele Sie zuerst sehen möchten."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(profile_visibility__in=["members", "organisation", "nobody"]),
                name="user_profile_visibility_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email.split("@")[0]

    def save(self, *args, **kwargs) -> None:
        if not self.handle and (self.first_name or self.last_name):
            self.handle = handle_generate(f"{self.first_name} {self.last_name}", exclude_pk=self.pk)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "handle"}
        super().save(*args, **kwargs)


_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def handle_generate(name: str, *, exclude_pk: int | None = None) -> str:
    """A free handle from a name: "Jürgen Weiß" -> "juergen-weiss", then "juergen-weiss-2" and so on."""
    base = slugify(name.translate(_TRANSLITERATE)).replace("_", "-")[:40].strip("-") or "mitglied"
    taken = set(
        User.objects.filter(handle__startswith=base)
        .exclude(pk=exclude_pk or 0)
        .values_list("handle", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class Organisation(models.Model):
    class Kind(models.TextChoices):
        KOMMUNE = "kommune", _("Kommune")
        KREIS = "kreis", _("Kreis")
        POLIZEI = "polizei", _("Polizei")
        LANDESBEHOERDE = "landesbehoerde", _("Landesbehörde")
        SCHULE = "schule", _("Schule")
        HOCHSCHULE = "hochschule", _("Hochschule")
        VERBAND = "verband", _("Verband")
        SONSTIGE = "sonstige", _("Sonstige")

    Region = Region

    class Status(models.TextChoices):
        ACTIVE = "active", _("aktiv")
        LEFT = "left", _("ausgetreten")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.KOMMUNE)
    region = models.CharField(_("Regierungsbezirk"), max_length=20, choices=Region.choices)
    website = models.URLField(_("Website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Logo"),
    )
    joined_on = models.DateField(_("Beigetreten am"), null=True, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's membership in an organisation; only active memberships open the members area."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Mitglied")
        PARTNER_CONTACT = "partner_contact", _("Ansprechperson")

    class Status(models.TextChoices):
        PENDING = "pending", _("beantragt")
        ACTIVE = "active", _("aktiv")
        REJECTED = "rejected", _("abgelehnt")
        ENDED = "ended", _("beendet")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Entschieden von"),
    )
    reason = models.TextField(_("Begründung"), blank=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_per_org"),
            models.CheckConstraint(
                condition=models.Q(role__in=["member", "partner_contact"]), name="membership_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "active", "rejected", "ended"]),
                name="membership_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class WorkingGroup(models.Model):
    """An editor-made group (e.g. "AG Meldesysteme") whose members see restricted content."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="working_groups", blank=True, verbose_name=_("Mitglieder")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Arbeitsgruppe")
        verbose_name_plural = _("Arbeitsgruppen")

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """An invitation for one e-mail address to join an organisation. Only a hash of the token is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(
        _("Rolle"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("Gültig bis"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation_expiry_after_creation",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["member", "partner_contact"]), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=~(models.Q(accepted_at__isnull=False) & models.Q(revoked_at__isnull=False)),
                name="invitation_not_accepted_and_revoked",
            ),
            models.UniqueConstraint(
                Lower("email"),
                models.F("organisation"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email_and_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class AuditEvent(models.Model):
    """A security-relevant event. Never holds passwords or tokens, only who, what, when and from where."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Anmeldung")
        LOGIN_FAILED = "login_failed", _("Fehlgeschlagene Anmeldung")
        LOGIN_LOCKED = "login_locked", _("Anmeldung gesperrt (zu viele Fehlversuche)")
        LOGOUT = "logout", _("Abmeldung")
        SIGNUP = "signup", _("Registrierung")
        MEMBERSHIP_REQUESTED = "membership_requested", _("Mitgliedschaft beantragt")
        MEMBERSHIP_APPROVED = "membership_approved", _("Mitgliedschaft freigegeben")
        MEMBERSHIP_REJECTED = "membership_rejected", _("Mitgliedschaft abgelehnt")
        MEMBERSHIP_ENDED = "membership_ended", _("Mitgliedschaft beendet")
        ROLE_CHANGED = "role_changed", _("Rolle geändert")
        INVITATION_CREATED = "invitation_created", _("Einladung verschickt")
        INVITATION_ACCEPTED = "invitation_accepted", _("Einladung angenommen")
        INVITATION_REVOKED = "invitation_revoked", _("Einladung zurückgezogen")
        TOKEN_CREATED = "token_created", _("API-Token erstellt")
        TOKEN_REVOKED = "token_revoked", _("API-Token widerrufen")
        TOKEN_USED = "token_used", _("API-Token benutzt")
        USER_DEACTIVATED = "user_deactivated", _("Person deaktiviert")
        ACCOUNT_DELETED = "account_deleted", _("Konto gelöscht")
        DATA_EXPORTED = "data_exported", _("Daten heruntergeladen")
        MFA_ACTIVATED = "mfa_activated", _("Zwei-Faktor-Anmeldung eingerichtet")
        MFA_DEACTIVATED = "mfa_deactivated", _("Zwei-Faktor-Anmeldung entfernt")
        POST_HIDDEN = "post_hidden", _("Beitrag ausgeblendet")
        POST_RESTORED = "post_restored", _("Beitrag wiederhergestellt")
        POST_DELETED = "post_deleted", _("Beitrag gelöscht")
        THREAD_LOCKED = "thread_locked", _("Thema gesperrt")
        THREAD_UNLOCKED = "thread_unlocked", _("Thema entsperrt")
        THREAD_PINNED = "thread_pinned", _("Thema angeheftet")
        THREAD_UNPINNED = "thread_unpinned", _("Thema gelöst vom Anheften")
        THREAD_MOVED = "thread_moved", _("Thema verschoben")
        THREAD_MERGED = "thread_merged", _("Themen zusammengeführt")
        MODERATION_NOTE = "moderation_note", _("Moderationsnotiz")
        FLAG_RESOLVED = "flag_resolved", _("Meldung erledigt")

    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    kind = models.CharField(_("Ereignis"), max_length=40, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Handelnde Person"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("Betroffene Person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    detail = models.JSONField(_("Details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Sicherheitsprotokoll")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


# --- Forum ------------------------------------------------------------------------------------


class Category(models.Model):
    """A forum category, visible to all members or only to the members of some working groups."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    working_groups = models.ManyToManyField(
        WorkingGroup,
        blank=True,
        related_name="categories",
        verbose_name=_("Nur für Arbeitsgruppen"),
        help_text=_("Leer lassen: für alle Mitglieder sichtbar."),
    )
    is_practice_discussion = models.BooleanField(
        _("Kategorie für Diskussionen zu Praxisbeispielen"),
        default=False,
        help_text=_(
            "Hier entstehen die Diskussionsthemen, die von einem Praxisbeispiel aus gestartet werden."
        ),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Forenkategorie")
        verbose_name_plural = _("Forenkategorien")
        constraints = [
            models.UniqueConstraint(
                fields=["is_practice_discussion"],
                condition=models.Q(is_practice_discussion=True),
                name="category_one_practice_discussion",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("Titel"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="threads"
    )
    practice = models.ForeignKey(
        "cms.PracticePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="threads"
    )
    is_practice_discussion = models.BooleanField(default=False)
    tags = models.ManyToManyField(
        "cms.Term", blank=True, related_name="threads", verbose_name=_("Schlagwörter")
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    post_count = models.PositiveIntegerField(default=0)  # visible posts only
    is_locked = models.BooleanField(_("gesperrt"), default=False)
    is_pinned = models.BooleanField(_("angeheftet"), default=False)
    solution = models.OneToOneField(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="solution_of"
    )

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        constraints = [
            models.UniqueConstraint(
                fields=["practice"],
                condition=models.Q(is_practice_discussion=True),
                name="thread_one_discussion_per_practice",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    body = models.TextField(_("Text (Markdown)"))
    body_html = models.TextField(editable=False)  # rendered and sanitised at write time
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"

    def rendered(self) -> SafeString:
        """The body as HTML; ``body_html`` was produced by :func:`exchange.markdown.render` (nh3)."""
        return mark_safe(self.body_html)  # noqa: S308 - sanitised at write time


class PostRevision(models.Model):
    """The text of a post before an edit; moderators read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Fassung eines Beitrags")
        verbose_name_plural = _("Fassungen von Beiträgen")

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """A file on a post, stored under a generated name in private storage (never a media URL)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    stored_name = models.CharField(max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")

    def __str__(self) -> str:
        return self.original_name


class Reaction(models.Model):
    class Kind(models.TextChoices):
        HELPFUL = "helpful", _("hilfreich")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.HELPFUL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="reaction_one_per_member"),
            models.CheckConstraint(condition=models.Q(kind__in=["helpful"]), name="reaction_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.post_id}"


class Flag(models.Model):
    """A member's report of a post to the editors."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("Grund"))
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(resolved_at__isnull=True),
                name="flag_one_open_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"Meldung {self.post_id}"


class ModerationNote(models.Model):
    """A note of the editors on a thread; only editors read it."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="moderation_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("Notiz"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class ThreadRead(models.Model):
    """How far a member has read a thread: the highest post id seen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    last_read_post_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="thread_read_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.thread_id}: {self.last_read_post_id}"


# --- Notifications ----------------------------------------------------------------------------


class Follow(models.Model):
    """A member follows a thread or a category with a level (how far they have read is ``ThreadRead``)."""

    class Level(models.TextChoices):
        ALL = "all", _("alle Beiträge")
        NEW_THREADS = "new_threads", _("nur neue Themen")
        MUTED = "muted", _("stumm")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    level = models.CharField(_("Benachrichtigungen"), max_length=20, choices=Level.choices, default=Level.ALL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, category__isnull=True)
                | models.Q(thread__isnull=True, category__isnull=False),
                name="follow_thread_xor_category",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=["all", "new_threads", "muted"]), name="follow_level_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(thread__isnull=False, level="new_threads"),
                name="follow_new_threads_only_for_categories",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=models.Q(thread__isnull=False),
                name="follow_unique_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="follow_unique_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.thread or self.category} ({self.get_level_display()})"


class Notification(models.Model):
    """One in-app notification about a post; ``emailed_at`` records that it went out by e-mail."""

    class Kind(models.TextChoices):
        MENTION = "mention", _("Erwähnung")
        NEW_THREAD = "new_thread", _("Neues Thema")
        REPLY = "reply", _("Neue Antwort")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "post", "kind"], name="notification_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["mention", "new_thread", "reply"]),
                name="notification_kind_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class NotificationSettings(models.Model):
    """How a member wants notifications by e-mail. No row = the default (daily digest)."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("sofort, einzeln")
        DIGEST = "digest", _("einmal täglich als Zusammenfassung")
        OFF = "off", _("keine E-Mails")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.CharField(
        _("E-Mail-Benachrichtigungen"), max_length=20, choices=Email.choices, default=Email.DIGEST
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__in=["immediate", "digest", "off"]),
                name="notification_settings_email_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_display()}"


class NotificationOutbox(models.Model):
    """The fan-out's outbox: written in the transaction of the post, marked by the task when done.
    Rows a lost task left behind (broker away, worker killed) are re-queued by the beat sweep."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, primary_key=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    # set when an edit added @mentions to a post whose fan-out was done: only the mentioned hear of it
    mentions_only = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Benachrichtigungs-Warteschlange")
        verbose_name_plural = _("Benachrichtigungs-Warteschlange")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(processed_at__isnull=True),
                name="notification_outbox_open",
            )
        ]

    def __str__(self) -> str:
        return f"post {self.post_id}"
