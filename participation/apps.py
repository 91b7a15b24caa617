from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Participation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from participation import moderation_hooks

        moderation_hooks.register()
