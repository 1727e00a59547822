"""People: regions, users and their @handles, organisations, memberships, working groups, invitations."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
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


class User(AbstractUser):  # type: ignore[django-manager-missing]  # Wagtail's PageManager is untyped
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
    # (exchange.people.selectors.member_interests) until the person saves the profile.
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


class MembershipQuerySet(models.QuerySet["Membership"]):
    def effective(self) -> MembershipQuerySet:
        """Memberships that open the members area: active, in an organisation that is still active."""
        return self.filter(status=Membership.Status.ACTIVE, organisation__status=Organisation.Status.ACTIVE)


class Membership(models.Model):
    """A person's membership in an organisation; only effective memberships (active, in an active
    organisation: ``Membership.objects.effective()``) open the members area."""

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

    objects = MembershipQuerySet.as_manager()

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
