"""Saved searches and their e-mail alerts: a member keeps a search under a name, and hears by e-mail
(daily or weekly) what is new in it and visible to them when the alert is sent."""
