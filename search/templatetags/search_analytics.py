"""``{% search_result_url hit forloop.counter %}``: the result link that records the click."""

from __future__ import annotations

from typing import Any

from django import template

from search.analytics import click_url

register = template.Library()


@register.simple_tag(takes_context=True)
def search_result_url(context: template.Context, hit: Any, counter: int) -> str:
    """Needs ``search_log_id`` (from analytics_record) and ``results`` in the context; else the plain URL."""
    results = context.get("results")
    offset = (results.page - 1) * results.page_size if results is not None else 0
    return click_url(context.get("search_log_id"), offset + int(counter), hit.url)
