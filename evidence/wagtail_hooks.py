"""Evidence in the Wagtail admin: snippets (with drafts, revisions and locking), topics
and channels, and the statistics import page for the policy team."""

from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from evidence import admin_views, services
from evidence.models import EvidenceSnippet


class EvidenceSnippetViewSet(SnippetViewSet):
    model = EvidenceSnippet
    icon = "table"
    menu_label = "Evidence"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["headline", "months", "breakdown", "live"]
    search_fields = ["headline", "sentence"]
    copy_view_enabled = True


register_snippet(EvidenceSnippetViewSet)


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path(
            "evidence/",
            include(
                (
                    [
                        path("import/", admin_views.statistics_import, name="import"),
                        path(
                            "explorer-snippet/",
                            admin_views.explorer_snippet,
                            name="explorer-snippet",
                        ),
                    ],
                    "evidence_admin",
                )
            ),
        )
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(services.IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import statistics", reverse_lazy("evidence_admin:import"), icon_name="upload", order=220
    )
