from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from articles import pictures, signals  # noqa: F401  (signals connects the search index)
        from newsroom import picture_changes

        picture_changes.register(pictures.refused_uses, pictures.record_change)
