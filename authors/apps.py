from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    """The names stories are signed with: staff with a login, and contributors without one."""

    name = "authors"

    def ready(self):
        from authors import pictures
        from newsroom import picture_changes

        picture_changes.register(pictures.refused_uses)
