from django.apps import AppConfig


class BlocksConfig(AppConfig):
    """A story body's blocks beyond text: inline pictures, embeds, pull quotes, key points.

    Holds what readers' pages make of each stored block (blocks.render), the
    pictures a body shows (blocks.body, kept as BodyPicture rows), and the editor's
    endpoints that make blocks. The stored HTML format is newsroom.sanitize's allow-list.
    """

    name = "blocks"

    def ready(self):
        from blocks import signals  # noqa: F401  (a saved body updates its pictures' uses)
