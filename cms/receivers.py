"""Signal receivers that keep the main menu's cache right (connected in CmsConfig.ready).

The main menu is kept in the cache (cms.selectors.main_menu): whatever could change it
(a page saved, published, unpublished, moved or deleted; a view restriction; a site)
throws it away, wherever the change is made (the admin, a workflow, a command, code).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.selectors import main_menu_changed


def _main_menu_may_have_changed(sender, instance=None, **kwargs) -> None:
    # Saves send the concrete class (StandardPage, ...), so the sender can't filter.
    if isinstance(instance, Page | PageViewRestriction | Site):
        main_menu_changed()


def _page_changed(sender, **kwargs) -> None:
    main_menu_changed()


def connect_main_menu_signals() -> None:
    post_save.connect(_main_menu_may_have_changed, dispatch_uid="cms-main-menu-save")
    post_delete.connect(_main_menu_may_have_changed, dispatch_uid="cms-main-menu-delete")
    page_published.connect(_page_changed, dispatch_uid="cms-main-menu-published")
    page_unpublished.connect(_page_changed, dispatch_uid="cms-main-menu-unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="cms-main-menu-moved")
