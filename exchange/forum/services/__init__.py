"""Forum writes; callers use ``from exchange.forum import services``.

:mod:`.writing` holds what members do (threads, posts, edits, reactions, solutions, read state),
:mod:`.moderation` what the editors do (flags, hide/restore, lock, pin, move, merge, notes).
"""

from .moderation import (
    flag_create,
    flag_resolve,
    moderation_note_create,
    post_hide,
    post_restore,
    thread_lock,
    thread_merge,
    thread_move,
    thread_pin,
)
from .writing import (
    MAX_BODY,
    MAX_TITLE,
    PrivacyHint,
    RateLimited,
    post_create,
    post_delete,
    post_edit,
    practice_discussion_get_or_create,
    rate_allowance,
    reaction_toggle,
    thread_create,
    thread_read_mark,
    thread_solution_set,
)

__all__ = [
    "MAX_BODY",
    "MAX_TITLE",
    "PrivacyHint",
    "RateLimited",
    "flag_create",
    "flag_resolve",
    "moderation_note_create",
    "post_create",
    "post_delete",
    "post_edit",
    "post_hide",
    "post_restore",
    "practice_discussion_get_or_create",
    "rate_allowance",
    "reaction_toggle",
    "thread_create",
    "thread_lock",
    "thread_merge",
    "thread_move",
    "thread_pin",
    "thread_read_mark",
    "thread_solution_set",
]
