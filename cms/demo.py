"""The demo's campaigns: the campaigns page, and the campaign the finished 2026 vote
chose, started from its winner and published through the real services.

Called by `manage.py demo_data` after the demo votes; idempotent.
"""

import datetime as dt

from django.utils import timezone

from cms import services
from cms.models import CampaignIndexPage, CampaignPage, CampaignStatus, CampaignUpdate, HomePage
from participation.models import CampaignVotePage, User

# The campaign from the 2026 vote's winner (the demo's votes are seeded, so it is
# always "Counsellors in every school and college").
CAMPAIGN = {
    "status": CampaignStatus.ACTIVE,
    "summary": "Young people told us they wait too long to talk to someone when they're "
    "struggling at school or college. We're campaigning for a trained counsellor in "
    "every school and college, who students can see without a long referral.",
    "what_we_will_do": "<p>We will:</p><ul><li>take your vote and the evidence you "
    "attached to MPs and the Department for Education</li><li>bring young people to tell "
    "decision-makers, in their own words, what waiting feels like</li><li>push for a "
    "pilot, and report back here on every step</li></ul>",
}
CAMPAIGN_UPDATES = [
    (
        75,
        "We shared your vote with MPs",
        "<p>We sent the result of the vote, and the evidence young people attached, to "
        "every MP on the Education Committee.</p>",
    ),
    (
        40,
        "Young people spoke to the Education Committee",
        "<p>Four young people from the Listening Hub told MPs what it's like to wait for "
        "support. Thank you for being so brave.</p>",
    ),
    (
        10,
        "A pilot in 20 schools and colleges",
        "<p>The Department for Education agreed to try on-site counsellors in 20 schools "
        "and colleges from next term. We'll tell you how it goes.</p>",
    ),
]


def seed_campaigns(*, home: HomePage, stdout) -> None:
    index = CampaignIndexPage.objects.child_of(home).first()
    if index is None:
        index = CampaignIndexPage(
            title="Our campaigns",
            slug="campaigns",
            show_in_menus=True,
            introduction="The issues young people chose in our votes, and what we have "
            "done about them since: you said, we did.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        stdout.write("Created the campaigns page.")
    finished = CampaignVotePage.objects.filter(slug="campaigns-2026").first()
    rounds = finished.ordered_rounds() if finished else []
    result = rounds[-1].result_or_none() if rounds else None
    if result is None or not result.winners:
        return
    winner = finished.nominations.get(pk=result.winners[0])
    if CampaignPage.objects.filter(nomination=winner).exists():
        return
    admin = User.objects.get(email="admin@example.com")
    page = services.campaign_promote(nomination=winner, user=admin)
    for name, value in CAMPAIGN.items():
        setattr(page, name, value)
    today = timezone.localdate()
    page.updates = [
        CampaignUpdate(date=today - dt.timedelta(days=days_ago), title=title, text=text)
        for days_ago, title, text in CAMPAIGN_UPDATES
    ]
    # An administrator may publish directly; everyone else's campaigns go through sign-off.
    page.save_revision(user=admin).publish(user=admin)
    stdout.write(f"Created the campaign {page.title!r}.")
