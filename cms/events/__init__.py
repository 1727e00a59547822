"""Events (Veranstaltungen): network meetings, trainings and webinars as Wagtail pages, registrations
with a waiting list, e-mails with iCalendar attachments, a personal calendar feed and the editors'
participant list. An app of its own (label ``events``), like cms/ops."""
