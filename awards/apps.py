from django.apps import AppConfig


class AwardsConfig(AppConfig):
    """Award nights: events, categories and nominees linked to people and productions, and
    the desk's one-press winner call (awards/calls.py), which reaches the live story,
    the winners page and the winners' own pages."""

    name = "awards"
