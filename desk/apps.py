from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The story page's editing tools: autosave and presence."""

    name = "desk"

    def ready(self):
        from desk import signals  # noqa: F401  (saving a story clears its autosave)
