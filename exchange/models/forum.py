"""The forum: categories, threads, posts, revisions, attachments, reactions, flags, notes, read state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .people import WorkingGroup


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
        # A thread's posts in the thread page's order: the page itself, "on which page is post N"
        # (forum.selectors.posts_with_position) and "the thread's first post" (search's post documents).
        indexes = [models.Index(fields=["thread", "created_at", "id"], name="post_thread_order")]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"

    def rendered(self) -> SafeString:
        """The body as HTML; ``body_html`` was produced by :func:`exchange.forum.markdown.render` (nh3)."""
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
