from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from newsroom import checks, pagecache, rights  # noqa: F401  (checks: start-up checks)

        # Cached pages live no longer than the next moment a picture's licence ends.
        pagecache.changes_come_from(rights.change_moments)
