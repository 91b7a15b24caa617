"""A campaign vote page itself: its nominations, the visitor's own and its rounds."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.template.response import TemplateResponse

from participation.models import Nomination, NominationState
from participation.selectors.nominations import public_nominations
from participation.selectors.related import related_items


def vote_index(request, page):
    page.prefetch_rounds()
    prefetch_related_objects([page], "topics")
    standing = page.standing()
    nominations = (
        public_nominations(page)
        .with_counts()
        .select_related("topic")
        .order_by("-supporter_count", "pk")
    )
    mine = []
    if request.user.is_authenticated:
        mine = list(
            Nomination.objects.visible_to(request.user)
            .filter(campaign_vote=page, author=request.user, state=NominationState.ACTIVE)
            .exclude(pk__in=nominations.values("pk"))
        )
    rounds = [(number, r, r.state()) for number, r in enumerate(page.ordered_rounds(), start=1)]
    return TemplateResponse(
        request,
        page.get_template(request),
        {
            "page": page,
            "standing": standing,
            "nominations": nominations,
            "mine": mine,
            "rounds": rounds,
            "related": related_items(
                [topic.pk for topic in page.topics.all()],
                user=request.user,
                exclude=page,
                request=request,
            ),
        },
    )
