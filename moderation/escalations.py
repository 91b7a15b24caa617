"""The four kinds of escalation: each kind's words, priority and who is told.

Written once, here, so the queue, the alerts and what the author reads agree. Only
safeguarding uses safeguarding words, the urgent alert and helpline signposting: a
question about the house rules or a policy is not a crisis, and calling it one
numbs people to the alerts that are.
"""

from dataclasses import dataclass

from moderation.models import ESCALATION_PRIORITY, EscalationKind


@dataclass(frozen=True)
class EscalationWording:
    kind: EscalationKind
    label: str  # what moderators choose
    help_text: str  # when to choose it
    alert_subject: str
    alert_message: str  # to the people told; {type} is the item's type
    email: bool  # also by email, not only in the admin
    signposts_support: bool  # the author is shown helplines with "we're looking at this"
    tells: tuple[str, ...]  # who is told: "senior" moderators, "lead" of the team, "policy" team

    @property
    def priority(self) -> int:
        return ESCALATION_PRIORITY[self.kind]


WORDING: dict[str, EscalationWording] = {
    EscalationKind.SAFEGUARDING: EscalationWording(
        kind=EscalationKind.SAFEGUARDING,
        label="Safeguarding: a risk to the young person or others",
        help_text="Self-harm, suicide, abuse, someone in danger, or a risk to others.",
        alert_subject="Safeguarding: an item needs attention",
        alert_message=(
            "A {type} in the moderation queue needs safeguarding attention: {why}. "
            "Please look at it as soon as you can."
        ),
        email=True,
        signposts_support=True,
        tells=("senior",),
    ),
    EscalationKind.PERSONAL_DETAILS: EscalationWording(
        kind=EscalationKind.PERSONAL_DETAILS,
        label="Personal details",
        help_text="Names, addresses, schools or contact details you are unsure how to remove.",
        alert_subject="An item with personal details needs a senior moderator",
        alert_message=(
            "A {type} in the escalations queue has personal details a volunteer "
            "wasn't sure how to handle."
        ),
        email=False,
        signposts_support=False,
        tells=("senior",),
    ),
    EscalationKind.HOUSE_RULE: EscalationWording(
        kind=EscalationKind.HOUSE_RULE,
        label="A house-rule question",
        help_text="You are not sure whether it breaks the house rules.",
        alert_subject="A house-rule question from a volunteer",
        alert_message="A volunteer has a house-rule question about a {type}.",
        email=False,
        signposts_support=False,
        tells=("lead",),
    ),
    EscalationKind.POLICY: EscalationWording(
        kind=EscalationKind.POLICY,
        label="A policy question",
        help_text="It raises a question about the charity's policy positions or the vote itself.",
        alert_subject="A policy question from a volunteer",
        alert_message="A volunteer has a policy question about a {type}.",
        email=False,
        signposts_support=False,
        tells=("lead", "policy"),
    ),
}


def wording(kind: str) -> EscalationWording:
    return WORDING[EscalationKind(kind)]


def choices() -> list[tuple[str, str]]:
    return [(kind.value, WORDING[kind].label) for kind in EscalationKind]
