"""Signal receivers of the forum (connected in ExchangeConfig.ready)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from search import outbox

from ..models import Category, Thread


@receiver(m2m_changed, sender=Category.working_groups.through, dispatch_uid="exchange_category_audience")
def reindex_threads_when_category_audience_changes(
    sender, instance, action, reverse, pk_set, **kwargs
) -> None:
    """Who may read a category decides who finds its threads: re-index all of them (same transaction)."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if reverse:  # working_group.categories.add(...)
        category_ids = (
            list(pk_set or [])
            if action != "pre_clear"
            else list(instance.categories.values_list("pk", flat=True))
        )
        if action == "post_clear":
            return  # handled at pre_clear, when the categories were still known
    else:
        category_ids = [instance.pk]
    thread_ids = list(Thread.objects.filter(category_id__in=category_ids).values_list("pk", flat=True))
    outbox.record(outbox.THREAD, thread_ids)
