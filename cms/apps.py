from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from cms import moderation_hooks, roles
        from cms.models import CampaignPage
        from cms.selectors import related_pages
        from evidence import related

        post_migrate.connect(roles.sync_role_permissions, sender=self)
        moderation_hooks.register()
        related.register(related_pages)
        # Fires for every publish: the editor, a workflow's last approval, and code.
        page_published.connect(campaign_published, sender=CampaignPage)


def campaign_published(sender, instance, **kwargs) -> None:
    from cms import services

    services.campaign_published_notify(page=instance)
    services.campaign_updates_notify(page=instance)
