"""A page only participants may open, to test the shared rule in isolation."""

from django.http import HttpResponse
from django.urls import include, path
from django.views import View

from participation.decorators import ParticipantRequiredMixin, participant_required


@participant_required
def members_only(request):
    return HttpResponse("welcome, participant")


class MembersOnlyView(ParticipantRequiredMixin, View):
    def get(self, request):
        return HttpResponse("welcome, participant")


urlpatterns = [
    path("members-only/", members_only),
    path("members-only-class/", MembersOnlyView.as_view()),
    path("", include("config.urls")),
]
