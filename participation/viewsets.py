from django.urls import path
from wagtail.admin.viewsets.base import ViewSet

from participation.views import admin


class ParticipationAdminViewSet(ViewSet):
    """The policy team's tools for running campaign votes."""

    name = "participation_admin"
    url_prefix = "campaign-votes"
    icon = "list-ol"
    menu_label = "Campaign votes"
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", admin.vote_list, name="vote-list"),
            path("<id:page_id>/nominations/", admin.nomination_list, name="nomination-list"),
            path("nominations/<id:pk>/merge/", admin.nomination_merge, name="nomination-merge"),
            path(
                "nominations/<id:pk>/ineligible/",
                admin.nomination_ineligible,
                name="nomination-ineligible",
            ),
            path("rounds/<id:pk>/shortlist/", admin.round_shortlist, name="round-shortlist"),
            path("rounds/<id:pk>/close/", admin.round_close, name="round-close"),
        ]

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.is_shown = lambda request: admin.can_manage(request.user)
        return item


participation_viewset = ParticipationAdminViewSet()
