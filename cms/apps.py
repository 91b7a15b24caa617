from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published

        # checks register themselves; selectors and campaign_views register what the page
        # models hand on to them (cms/routing.py).
        from cms import campaign_views, checks, moderation_hooks, roles  # noqa: F401
        from cms.models import CampaignPage
        from cms.receivers import connect_main_menu_signals
        from cms.selectors import related_pages
        from evidence import related

        post_migrate.connect(roles.sync_role_permissions, sender=self)
        post_migrate.connect(cache_table_create, sender=self)
        moderation_hooks.register()
        related.register(related_pages)
        connect_main_menu_signals()
        # Fires for every publish: the editor, a workflow's last approval, and code.
        page_published.connect(campaign_published, sender=CampaignPage)


def cache_table_create(sender, *, using, verbosity=1, stdout=None, **kwargs) -> None:
    """Create the database cache's table, so that `migrate` alone leaves a working site.

    The cache holds sessions and rate-limit counters: without its table every page
    fails. `createcachetable` does nothing when the table exists or when no cache is
    a database cache (Redis), and follows the database routers, so with several
    databases the table is made only where the cache is allowed to live. `using` is
    the database being migrated (also each test database as it is created).
    """
    from django.core.management import call_command

    output = {"stdout": stdout} if stdout is not None else {}
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0), **output)


def campaign_published(sender, instance, **kwargs) -> None:
    from cms import services

    services.campaign_published_notify(page=instance)
    services.campaign_updates_notify(page=instance)
