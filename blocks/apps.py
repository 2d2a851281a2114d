from django.apps import AppConfig
from django.core import checks


class BlocksConfig(AppConfig):
    """A story body's blocks beyond text: inline pictures, embeds, pull quotes, key points.

    Holds what readers' pages make of each stored block (blocks.render), the
    pictures a body shows (blocks.body, kept as BodyPicture rows), and the editor's
    endpoints that make blocks. The stored HTML format is newsroom.sanitize's allow-list.
    """

    name = "blocks"

    def ready(self):
        from blocks import embeds, signals  # noqa: F401  (a saved body updates its pictures' uses)
        from newsroom import sanitize

        # The stored embed's values are the embeds' to check; the allow-list names them.
        sanitize.check_values(embeds.EMBED_ATTRIBUTES, embeds.clean_embed_attribute)
        checks.register(same_embed_attributes)


def same_embed_attributes(app_configs, **kwargs):
    from blocks import embeds
    from newsroom import sanitize

    if set(embeds.EMBED_ATTRIBUTES) == sanitize.EMBED_ATTRIBUTES:
        return []
    return [
        checks.Error(
            "newsroom.sanitize.EMBED_ATTRIBUTES and blocks.embeds.EMBED_ATTRIBUTES differ: "
            "an embed attribute would be dropped, or kept unchecked.",
            id="blocks.E001",
        )
    ]
