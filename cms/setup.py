"""Idempotent set-up of the page tree and the editors group (used by load_demo and the tests)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from exchange.access import ADMINS_GROUP, EDITORS_GROUP

from .models import GuideIndexPage, HomePage, PracticeIndexPage, PracticeReviewTask
from .services import partners_group_ensure, root_collection_ensure
from .vocabularies import vocabularies_ensure


@transaction.atomic
def site_tree_ensure() -> tuple[HomePage, PracticeIndexPage]:
    """The start page at the site root, the practices index and the prevention guide's index below it."""
    home = HomePage.objects.first()
    if home is None:
        root = _root_ensure()
        home = HomePage(
            title="#sicherimDienst",
            slug="start",
            intro="<p>Wissensaustausch des Präventionsnetzwerks #sicherimDienst.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        # Wagtail's initial "Welcome" page is replaced by our start page.
        for page in root.get_children().exclude(pk=home.pk).filter(depth=2, content_type__model="page"):
            page.delete()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="#sicherimDienst",
            )
        else:
            site.root_page = home
            site.site_name = "#sicherimDienst"
            site.save()
    index = PracticeIndexPage.objects.child_of(home).first()
    if index is None:
        index = PracticeIndexPage(title="Praxisbeispiele", slug="praxisbeispiele")
        home.add_child(instance=index)
        index.save_revision().publish()
    if not GuideIndexPage.objects.child_of(home).exists():
        guide = GuideIndexPage(title="Präventionsleitfaden", slug="praeventionsleitfaden")
        home.add_child(instance=guide)
        guide.save_revision().publish()
    practice_workflow_ensure(index)
    partners_group_ensure()
    vocabularies_ensure()
    return home, index


REVIEW_WORKFLOW = "Prüfung von Praxisbeispielen"
REVIEW_TASK = "Prüfung durch die Redaktion"


def practice_workflow_ensure(index: PracticeIndexPage) -> Workflow:
    """The review workflow on the practices index: one task for the "Redaktion" group."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    task = PracticeReviewTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = PracticeReviewTask.objects.create(name=REVIEW_TASK)
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def _root_ensure() -> Page:
    """Wagtail's migrations create the root page and default locale; a flushed database has neither."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


@transaction.atomic
def site_setup() -> tuple[HomePage, PracticeIndexPage, Group]:
    """What a fresh installation needs besides its migrations (idempotent): the page tree with the
    review workflow and vocabularies, the editors' group with its rights, the administrators' group.
    Run by ``manage.py setup_site`` after every deployment and by ``load_demo``."""
    home, index = site_tree_ensure()
    editors = editors_group_ensure()
    Group.objects.get_or_create(name=ADMINS_GROUP)
    return home, index, editors


@transaction.atomic
def editors_group_ensure() -> Group:
    """The network office's group: Wagtail admin access and full rights on the page tree."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    home, _ = site_tree_ensure()
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    # Documents and images in every collection (partner contacts see only their own).
    root = root_collection_ensure()
    for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
        for action in ("add", "change", "delete", "choose"):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ),
            )
    # Taxonomy and curation snippets.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="cms",
            content_type__model__in=[
                "term",
                "featuredpractice",
                "practiceofthemonth",
                "topiccollection",
                "practiceadoption",
            ],
        )
    )
    return group
