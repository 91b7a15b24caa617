"""Evidence in the Wagtail admin: snippets (with drafts, revisions and locking), topics
and channels, and the statistics import page for the policy team."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
