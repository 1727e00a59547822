"""Every change to a best practice that the index must see records an outbox row in its transaction."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.services import outbox_record

from .models import PracticePage


@receiver(page_published, sender=PracticePage)
@receiver(page_unpublished, sender=PracticePage)
@receiver(post_delete, sender=PracticePage)
def practice_changed(sender, instance, **kwargs) -> None:
    outbox_record(kind="practice", object_ids=[instance.pk])


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs) -> None:
    # A moved page changes URL; moving an index page moves all practices below it.
    ids = PracticePage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    outbox_record(kind="practice", object_ids=list(ids))
