from django.apps import AppConfig


class BlocksConfig(AppConfig):
    """A story body's blocks beyond text: inline pictures, embeds, pull quotes, key points.

    Holds the stored HTML format of each block (what the sanitiser lets through),
    how readers' pages render them, and the desk's endpoints that make them.
    """

    name = "blocks"
