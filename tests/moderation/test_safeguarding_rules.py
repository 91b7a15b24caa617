"""Risk-flagged items: only a senior moderator decides them; a volunteer escalates.

Every decision × role × flag is asked of the service itself, so a forged POST or a
hidden button can't get round it.
"""

import html

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from moderation import services
from moderation.models import AuditAction, AuditEntry, EscalationKind, Priority, Status
from moderation.redaction import Span
from moderation.screening import FlagKind
from tests.moderation.conftest import last_notice, refreshed

RISKY = "I want to kill myself. Call me on 07700 900123."
PLAIN = "The buses stop at six. Call me on 07700 900123."


def phone_spans(item):
    return [Span(f.field, f.start, f.end) for f in item.flag_list if f.kind == FlagKind.PERSONAL]


DECISIONS = {
    "approve": lambda item, user: services.item_approve(item=item, moderator=user),
    "reject": lambda item, user: services.item_reject(
        item=item, moderator=user, reason="off-topic"
    ),
    "redact": lambda item, user: services.item_redact(
        item=item, moderator=user, spans=phone_spans(item)
    ),
    "escalate": lambda item, user: services.item_escalate(
        item=item, moderator=user, kind="safeguarding", reason="Worried about them"
    ),
    "claim": lambda item, user: services.item_claim(item=item, moderator=user),
}

# (role, flag) → the decisions the service lets through. Everything else is refused.
ALLOWED = {
    ("volunteer", "risk"): {"escalate", "claim"},
    ("volunteer", "none"): set(DECISIONS),
    ("senior_moderator", "risk"): set(DECISIONS),
    ("senior_moderator", "none"): set(DECISIONS),
    ("policy_editor", "risk"): set(),
    ("policy_editor", "none"): set(),
    ("admin", "risk"): set(DECISIONS),
    ("admin", "none"): set(DECISIONS),
}


@pytest.mark.parametrize("decision", sorted(DECISIONS))
@pytest.mark.parametrize("flag", ["risk", "none"])
@pytest.mark.parametrize("role", ["volunteer", "senior_moderator", "policy_editor", "admin"])
def test_who_may_decide_what(request, make_item, role, flag, decision):
    user = request.getfixturevalue(role)
    item = make_item(RISKY if flag == "risk" else PLAIN)
    assert item.has_risk_flag is (flag == "risk")
    before = (item.status, item.redactions, AuditEntry.objects.filter(item_id=item.pk).count())
    if decision in ALLOWED[(role, flag)]:
        DECISIONS[decision](item, user)
        assert AuditEntry.objects.filter(item_id=item.pk).count() > before[2]
    else:
        with pytest.raises(PermissionDenied):
            DECISIONS[decision](item, user)
        after = refreshed(item)
        assert (after.status, after.redactions) == before[:2]
        assert AuditEntry.objects.filter(item_id=item.pk).count() == before[2]


def test_a_volunteer_is_told_to_escalate_a_risk_flagged_item(make_item, volunteer):
    item = make_item(RISKY)
    with pytest.raises(PermissionDenied, match="only a senior moderator can decide it"):
        services.item_approve(item=item, moderator=volunteer)
    assert refreshed(item).status == Status.PENDING


def test_a_forged_approval_post_from_a_volunteer_changes_nothing(client_for, volunteer, make_item):
    item = make_item(RISKY)
    response = client_for(volunteer).post(
        f"/admin/moderation/items/{item.pk}/approve/", {"approve-version": item.version}
    )
    assert response.status_code == 403
    assert "senior moderator" in response.content.decode()
    assert refreshed(item).status == Status.PENDING


def test_the_volunteer_gets_one_button_with_the_reason_filled_in(client_for, volunteer, make_item):
    item = make_item(RISKY)
    page = client_for(volunteer).get(f"/admin/moderation/items/{item.pk}/").content.decode()
    assert "Escalate as safeguarding" in page
    assert "Screening found words that may mean possible suicide (“kill myself”)" in html.unescape(
        page
    )
    assert f'action="/admin/moderation/items/{item.pk}/approve/"' not in page
    assert f'action="/admin/moderation/items/{item.pk}/reject/"' not in page
    # The one click: the prefilled form, posted as it stands.
    response = client_for(volunteer).post(
        f"/admin/moderation/items/{item.pk}/escalate/",
        {
            "escalate-version": item.version,
            "escalate-kind": "safeguarding",
            "escalate-reason": services.items.risk_escalation_reason(item),
        },
    )
    assert response.status_code == 302
    item = refreshed(item)
    assert item.status == Status.ESCALATED and item.escalation_kind == EscalationKind.SAFEGUARDING


def test_a_risk_flagged_item_can_only_go_as_safeguarding(make_item, volunteer):
    item = make_item(RISKY)
    with pytest.raises(ValidationError, match="safeguarding escalation"):
        services.item_escalate(item=item, moderator=volunteer, kind="policy", reason="Not sure")
    assert refreshed(item).status == Status.PENDING


def test_a_senior_moderator_clears_a_false_alarm_saying_why(make_item, senior_moderator, volunteer):
    item = make_item("The film about suicide prevention at school was really good.")
    assert item.has_risk_flag
    with pytest.raises(ValidationError, match="why this is a false alarm"):
        services.item_clear_risk_flag(item=item, moderator=senior_moderator, reason="  ")
    assert refreshed(item).has_risk_flag
    services.item_clear_risk_flag(
        item=item, moderator=senior_moderator, reason="About a town centre, not a person."
    )
    item = refreshed(item)
    assert not item.has_risk_flag and item.priority == Priority.NORMAL
    assert not [f for f in item.flag_list if f.kind == FlagKind.RISK]
    entry = AuditEntry.objects.get(item_id=item.pk, action=AuditAction.CLEAR_RISK)
    assert entry.actor == senior_moderator and entry.reason == "About a town centre, not a person."
    assert entry.detail["cleared"]
    # Now a volunteer may decide it like any other.
    services.item_approve(item=item, moderator=volunteer)
    assert refreshed(item).status == Status.APPROVED


def test_a_volunteer_cannot_clear_a_risk_flag(make_item, volunteer):
    item = make_item(RISKY)
    with pytest.raises(PermissionDenied):
        services.item_clear_risk_flag(item=item, moderator=volunteer, reason="Looks fine")
    assert refreshed(item).has_risk_flag


def test_clearing_an_item_with_no_risk_flag_is_refused(make_item, senior_moderator):
    item = make_item(PLAIN)
    with pytest.raises(ValidationError, match="no risk flag"):
        services.item_clear_risk_flag(item=item, moderator=senior_moderator, reason="Fine")


# --- Escalation kinds --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "priority"),
    [
        ("safeguarding", Priority.RISK),
        ("personal_details", Priority.ESCALATED),
        ("house_rule", Priority.QUESTION),
        ("policy", Priority.QUESTION),
    ],
)
def test_each_kind_has_its_own_priority(make_item, volunteer, kind, priority):
    item = make_item(PLAIN)
    services.item_escalate(item=item, moderator=volunteer, kind=kind, reason="A question")
    item = refreshed(item)
    assert item.priority == priority and item.escalation_kind == kind
    assert AuditEntry.objects.get(item_id=item.pk, action=AuditAction.ESCALATE).reason_code == kind


def test_an_unknown_kind_is_refused(make_item, volunteer):
    item = make_item(PLAIN)
    with pytest.raises(ValidationError, match="what kind of question"):
        services.item_escalate(item=item, moderator=volunteer, kind="urgent!!", reason="Hm")
    assert refreshed(item).status == Status.PENDING


def test_only_safeguarding_uses_safeguarding_words_alerts_and_helplines(
    make_item, volunteer, senior_moderator, policy_editor, participant, on_commit
):
    question = make_item("Should the police stop and search people at the station?")
    with on_commit():
        services.item_escalate(
            item=question, moderator=volunteer, kind="policy", reason="Is this on-topic?"
        )
    told_author = last_notice(participant)
    assert "looking at this" in told_author.message
    assert "talk to" not in told_author.message and told_author.link != "/get-help/"
    assert "afeguarding" not in last_notice(senior_moderator).message
    assert "policy question" in last_notice(policy_editor).message
    # A question waits in the admin: no email to staff, as it is not an emergency.
    assert {m.to[0] for m in mail.outbox} == {participant.email}
    question = refreshed(question)
    assert not question.is_safeguarding and not question.shows_support
    assert not question.cases.exists()

    worry = make_item("My stepdad hits me when he drinks.")
    with on_commit():
        services.item_escalate(
            item=worry, moderator=volunteer, kind="safeguarding", reason="They may be unsafe"
        )
    assert last_notice(participant).link == "/get-help/"
    assert "people you can talk to" in last_notice(participant).message
    assert last_notice(senior_moderator).message.startswith("A comment in the moderation queue")
    assert "safeguarding attention" in last_notice(senior_moderator).message
    assert any("Safeguarding" in message.subject for message in mail.outbox)
    assert refreshed(worry).cases.count() == 1


def test_the_page_shows_safeguarding_guidance_only_for_safeguarding(
    client_for, senior_moderator, volunteer, make_item
):
    question = make_item("Is it against the rules to name a shop?")
    services.item_escalate(item=question, moderator=volunteer, kind="house_rule", reason="Unsure")
    page = client_for(senior_moderator).get(f"/admin/moderation/items/{question.pk}/")
    assert "Safeguarding: please read first" not in page.content.decode()
    assert "A house-rule question" in page.content.decode()
