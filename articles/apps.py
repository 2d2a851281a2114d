from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from articles import pictures, scheduling, signals  # noqa: F401  (signals: search index)
        from newsroom import pagecache, picture_changes

        picture_changes.register(pictures.refused_uses, pictures.record_change)
        # Cached pages live no longer than the next moment a story goes live or expires.
        pagecache.changes_come_from(scheduling.change_moments)
