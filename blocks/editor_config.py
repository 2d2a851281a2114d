"""How the body editor is told of the blocks (settings.DJANGO_PROSE_EDITOR_EXTENSIONS)."""


def allowed_by_newsroom_sanitize(config, shared_config):
    """Nothing to add: the body field cleans with newsroom.sanitize, which knows the blocks."""
