from django.apps import AppConfig


class LiveConfig(AppConfig):
    """Live coverage: a story that runs for hours with timed entries, pinned entries and
    key points, updated for readers within seconds (see live/entries.py)."""

    name = "live"
