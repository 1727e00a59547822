"""People and talk: users, organisations, memberships, working groups, API tokens, the forum.

The models live in one module per topic; this package re-exports them, so ``exchange.models``
stays the import path.
"""

from .alerts import SavedSearch
from .audit import AuditEvent
from .forum import (
    Attachment,
    Category,
    Flag,
    ModerationNote,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadRead,
)
from .messages import (
    Block,
    ContactSettings,
    Conversation,
    ConversationParticipant,
    Message,
    MessageAttachment,
    MessageReport,
)
from .notifications import Follow, Notification, NotificationOutbox, NotificationSettings
from .people import _TRANSLITERATE as _TRANSLITERATE  # a helper of handle_generate, kept importable
from .people import (
    Invitation,
    Membership,
    MembershipQuerySet,
    Organisation,
    Region,
    User,
    UserManager,
    WorkingGroup,
    handle_generate,
)

__all__ = [
    "Attachment",
    "AuditEvent",
    "Block",
    "Category",
    "ContactSettings",
    "Conversation",
    "ConversationParticipant",
    "Flag",
    "Follow",
    "Invitation",
    "Membership",
    "MembershipQuerySet",
    "Message",
    "MessageAttachment",
    "MessageReport",
    "ModerationNote",
    "Notification",
    "NotificationOutbox",
    "NotificationSettings",
    "Organisation",
    "Post",
    "PostRevision",
    "Reaction",
    "Region",
    "SavedSearch",
    "Thread",
    "ThreadRead",
    "User",
    "UserManager",
    "WorkingGroup",
    "handle_generate",
]
