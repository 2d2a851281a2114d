from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self):
        from newsroom import picture_changes
        from people import pictures

        picture_changes.register(pictures.refused_uses)
