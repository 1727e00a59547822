"""Demo forum beyond load_demo's three threads: texts in forum.toml, written through the forum
services (so the search outbox and the notifications get them), with replies, "hilfreich" marks,
solutions, the discussion of a practice in the category flagged for practice discussions, and one
reported post waiting for the editors. A thread that exists (by title, or by practice for a
practice discussion) is left alone, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from cms.models import PracticePage
from exchange.forum import services as forum_services
from exchange.forum.selectors import practice_discussion_category
from exchange.models import Category, Post, Thread, User

DATA = Path(__file__).with_name("forum.toml")


def load() -> None:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    categories = {
        spec["name"]: _category(position, spec) for position, spec in enumerate(data["category"], 10)
    }
    for spec in data["thread"]:
        _thread(spec, categories)


def _person(email: str) -> User:
    return User.objects.get(email=email)


def _category(position: int, spec: dict[str, Any]) -> Category:
    category, _created = Category.objects.get_or_create(
        name=spec["name"],
        defaults={"slug": slugify(spec["name"]), "description": spec["description"], "position": position},
    )
    if spec.get("practice_discussions") and practice_discussion_category() is None:
        Category.objects.filter(pk=category.pk).update(is_practice_discussion=True)  # one category only
    return category


def _thread(spec: dict[str, Any], categories: dict[str, Category]) -> None:
    if "practice" in spec:
        page = PracticePage.objects.get(title=spec["practice"])
        if Thread.objects.filter(practice=page, is_practice_discussion=True).exists():
            return
        thread = forum_services.practice_discussion_get_or_create(user=_person(spec["author"]), page=page)
    else:
        if Thread.objects.filter(title=spec["title"]).exists():
            return
        category = categories.get(spec["category"]) or Category.objects.get(name=spec["category"])
        thread = forum_services.thread_create(
            author=_person(spec["author"]), category=category, title=spec["title"], body=spec["body"]
        )
    replies = [_reply(thread, reply) for reply in spec.get("reply", [])]
    if "solution" in spec:
        forum_services.thread_solution_set(
            actor=_person(spec["author"]), thread=thread, post=replies[spec["solution"]]
        )
    _backdate(thread, days=spec.get("days_ago", 0))


def _reply(thread: Thread, spec: dict[str, Any]) -> Post:
    post = forum_services.post_create(author=_person(spec["author"]), thread=thread, body=spec["body"])
    for email in spec.get("helpful", []):
        forum_services.reaction_toggle(user=_person(email), post=post)
    if flag := spec.get("flag"):
        forum_services.flag_create(reporter=_person(flag["by"]), post=post, reason=flag["reason"])
    return post


def _backdate(thread: Thread, *, days: int) -> None:
    """Spread the demo conversation over the past days: the thread ``days`` ago, replies hours apart."""
    if not days:
        return
    start = timezone.now() - datetime.timedelta(days=days)
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "pk").values_list("pk", flat=True))
    for hours, pk in enumerate(posts):
        Post.objects.filter(pk=pk).update(created_at=start + datetime.timedelta(hours=3 * hours))
    last = start + datetime.timedelta(hours=3 * max(len(posts) - 1, 0))
    Thread.objects.filter(pk=thread.pk).update(created_at=start, last_activity_at=last)
