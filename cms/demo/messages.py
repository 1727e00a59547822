"""Demo direct messages: a question from Bonn to Mettmann about the Mettmann security concept,
and a note from the Gütersloh partner contact to the Bonn member. Idempotent: a conversation that
already holds the first text is left as it is."""

from __future__ import annotations

from exchange.messages import services
from exchange.models import Message, User

CONVERSATIONS = [
    (
        "mitglied@sicherimdienst.example",
        "kollege@sicherimdienst.example",
        [
            "Guten Tag, wir lesen gerade das **Sicherheitskonzept des Kreises Mettmann**. "
            "Wie haben Sie den Personalrat beim Notfallmanagement beteiligt?",
            "Gern: Der Personalrat war von Anfang an in der Arbeitsgruppe. Ich schicke Ihnen "
            "die Gliederung unserer Dienstanweisung.",
        ],
    ),
    (
        "partner@sicherimdienst.example",
        "mitglied@sicherimdienst.example",
        [
            "Zum Gütersloher Modell: Die Beschilderung der Schulen ist inzwischen auch "
            "im Rettungsdienst abgestimmt. Melden Sie sich, wenn Bonn Fragen dazu hat."
        ],
    ),
]


def load() -> None:
    for author_email, other_email, texts in CONVERSATIONS:
        people = {u.email: u for u in User.objects.filter(email__in=[author_email, other_email])}
        if len(people) != 2 or Message.objects.filter(body=texts[0]).exists():
            continue
        author, other = people[author_email], people[other_email]
        conversation = services.conversation_start(author=author, recipients=[other], body=texts[0])
        for position, text in enumerate(texts[1:], start=1):
            writer = other if position % 2 else author
            services.message_send(author=writer, conversation=conversation, body=text)
