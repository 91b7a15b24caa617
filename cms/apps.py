from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cms import roles
        from cms.selectors import related_pages
        from evidence import related

        post_migrate.connect(roles.sync_role_permissions, sender=self)
        related.register(related_pages)
