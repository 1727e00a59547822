"""People and talk: users, organisations, memberships, working groups, API tokens, the forum."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _


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
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    position = models.CharField(_("Funktion"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email.split("@")[0]


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

    class Region(models.TextChoices):
        ARNSBERG = "arnsberg", "Arnsberg"
        DETMOLD = "detmold", "Detmold"
        DUESSELDORF = "duesseldorf", "Düsseldorf"
        KOELN = "koeln", "Köln"
        MUENSTER = "muenster", "Münster"
        LANDESWEIT = "landesweit", _("landesweit")

    class Status(models.TextChoices):
        ACTIVE = "active", _("aktiv")
        LEFT = "left", _("ausgetreten")

    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.KOMMUNE)
    region = models.CharField(_("Regierungsbezirk"), max_length=20, choices=Region.choices)
    website = models.URLField(_("Website"), blank=True)
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

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Forenkategorie")
        verbose_name_plural = _("Forenkategorien")

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
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    post_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

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

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"

    def rendered(self) -> SafeString:
        """The body as HTML; ``body_html`` was produced by :func:`exchange.markdown.render` (nh3)."""
        return mark_safe(self.body_html)  # noqa: S308 - sanitised at write time
