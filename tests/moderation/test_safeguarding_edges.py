"""The corners of safeguarding and teams where a young person or a volunteer could
otherwise be let down."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms import roles
from moderation import services
from moderation.metrics import team_figures
from moderation.models import (
    CaseStatus,
    EscalationKind,
    ModerationItem,
    Notice,
    Priority,
    SafeguardingCase,
    Team,
    TeamMembership,
)
from tests.factories import UserFactory
from tests.moderation.conftest import last_notice, refreshed

RISKY = "Some days I want to end it all."
WORRY = "My stepdad hits me when he drinks."


@pytest.fixture
def two_teams(volunteer, senior_moderator, role_permissions):
    ours = Team.objects.create(name="Evenings", lead=senior_moderator)
    TeamMembership.objects.create(team=ours, moderator=volunteer)
    theirs = Team.objects.create(name="Weekends")
    weekender = UserFactory(display_name="WeekendReader", groups=[roles.VOLUNTEER_MODERATOR])
    TeamMembership.objects.create(team=theirs, moderator=weekender)
    return ours, theirs, weekender


def test_a_teams_items_are_shared_once_nobody_in_it_is_on_shift(two_teams, volunteer, make_item):
    _, theirs, weekender = two_teams
    services.shift_start(moderator=weekender)
    item = make_item("Arrived while the weekend team was on.")
    assert refreshed(item).team == theirs
    assert services.item_claim_next(moderator=volunteer) is None
    services.shift_end(moderator=weekender)
    # They've gone home: the item is everyone's now.
    assert services.item_claim_next(moderator=volunteer).pk == item.pk
    services.item_approve(item=item, moderator=volunteer)


def test_an_inactive_teams_items_are_shared(two_teams, volunteer, make_item):
    _, theirs, weekender = two_teams
    services.shift_start(moderator=weekender)
    item = make_item("Arrived while the weekend team was on.")
    Team.objects.filter(pk=theirs.pk).update(is_active=False)
    services.item_approve(item=item, moderator=volunteer)
    assert refreshed(item).status == "approved"


def test_withdrawing_keeps_the_words_behind_an_open_case(
    make_comment, participant, volunteer, senior_moderator
):
    comment = make_comment(WORRY)
    item = ModerationItem.objects.get(object_id=comment.pk)
    services.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason="Unsafe")
    services.item_clear_risk_flag(item=item, moderator=senior_moderator, reason="Checked")
    services.item_reject(item=item, moderator=senior_moderator, reason="personal-details")
    assert SafeguardingCase.objects.get(item=item).status == CaseStatus.OPEN
    kept = services.item_withdraw(obj=comment, author=participant)
    assert kept is not None and ModerationItem.objects.filter(pk=item.pk).exists()


def test_reopening_an_old_case_while_another_is_open_is_refused(
    make_comment, participant, volunteer, senior_moderator
):
    comment = make_comment(WORRY)
    item = ModerationItem.objects.get(object_id=comment.pk)
    services.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason="Unsafe")
    first = SafeguardingCase.objects.get(item=item)
    services.case_record(case=first, moderator=senior_moderator, status="closed", note="Safe now")
    services.item_reject(item=item, moderator=senior_moderator, reason="personal-details")
    services.item_author_edited(obj=comment, author=participant, text_fields={"body": WORRY + "!"})
    services.item_escalate(
        item=refreshed(item), moderator=volunteer, kind="safeguarding", reason="Again"
    )
    second = SafeguardingCase.objects.exclude(pk=first.pk).get(item=item)
    with pytest.raises(ValidationError, match=f"Case {second.pk} is already open"):
        services.case_record(case=first, moderator=senior_moderator, status="open", note="More")
    assert SafeguardingCase.objects.get(pk=first.pk).is_closed


def test_a_given_back_risk_item_is_not_served_straight_back_nor_counted_twice(volunteer, make_item):
    first, second = make_item(RISKY), make_item(RISKY)
    taken = services.item_claim_next(moderator=volunteer)
    assert taken.pk == first.pk
    services.claim_release(item=taken, moderator=volunteer)
    assert services.item_claim_next(moderator=volunteer).pk == second.pk
    services.item_claim(item=first, moderator=volunteer)  # chosen again on purpose
    services.item_claim(item=second, moderator=volunteer)
    shift = services.current_shift(volunteer)
    assert shift.risk_items_seen == 2


def test_at_the_limit_risk_items_vanish_from_the_list_and_their_words_stay_hidden(
    volunteer, make_item, client_for, settings
):
    settings.MODERATION_RISK_ITEMS_PER_SHIFT = 1
    seen, unseen = make_item(RISKY), make_item(RISKY + " Really.")
    plain = make_item("Buses should run later.")
    services.item_claim(item=seen, moderator=volunteer)
    services.item_escalate(item=seen, moderator=volunteer, kind="safeguarding", reason="W")
    client = client_for(volunteer)
    page = client.get("/admin/moderation/").content.decode()
    assert f"/items/{unseen.pk}/" not in page and f"/items/{plain.pk}/" in page
    refused = client.get(f"/admin/moderation/items/{unseen.pk}/")
    assert refused.status_code == 403
    assert "end it all" not in refused.content.decode()


def test_bulk_decisions_leave_safeguarding_items_for_their_own_decision(
    make_item, senior_moderator
):
    spam = make_item("Cheap trainers at example dot com")
    disclosure = make_item(RISKY)
    outcome = services.items_reject(
        items=[spam, disclosure], moderator=senior_moderator, reason="off-topic"
    )
    assert outcome.done == [spam.pk]
    assert dict(outcome.skipped)[disclosure.pk].startswith("it may be a safeguarding risk")
    assert refreshed(disclosure).status == "pending"
    with pytest.raises(ValidationError, match="one item at a time"):
        services.items_escalate(
            items=[spam], moderator=senior_moderator, kind="safeguarding", reason="x"
        )


def test_clearing_the_flag_on_a_forced_safeguarding_escalation_makes_it_a_question(
    make_item, volunteer, senior_moderator
):
    item = make_item("The film about suicide prevention at school was good.")
    services.item_escalate(
        item=item,
        moderator=volunteer,
        kind="safeguarding",
        reason=services.items.risk_escalation_reason(item),
    )
    services.item_clear_risk_flag(item=item, moderator=senior_moderator, reason="About a film")
    item = refreshed(item)
    assert item.escalation_kind == EscalationKind.HOUSE_RULE
    assert item.priority == Priority.QUESTION and not item.is_safeguarding


def test_a_case_form_error_after_the_item_has_gone_is_a_message_not_a_crash(
    make_comment, participant, volunteer, senior_moderator, client_for
):
    comment = make_comment(WORRY)
    item = ModerationItem.objects.get(object_id=comment.pk)
    services.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason="Unsafe")
    case = SafeguardingCase.objects.get(item=item)
    ModerationItem.objects.filter(pk=item.pk).delete()  # as an erasure would
    response = client_for(senior_moderator).post(
        f"/admin/moderation/cases/{case.pk}/record/", {"status": "closed", "note": ""}
    )
    assert response.status_code == 200
    assert "Please write a note" in response.content.decode()


@pytest.mark.usefixtures("two_teams")
def test_a_lead_who_is_no_longer_senior_is_no_longer_told_or_shown(volunteer, senior_moderator):
    other_senior = UserFactory(display_name="OtherSenior", groups=[roles.SENIOR_MODERATOR])
    senior_moderator.groups.clear()
    senior_moderator = type(senior_moderator).objects.get(pk=senior_moderator.pk)
    services.support_request(moderator=volunteer, message="Hard evening")
    assert not Notice.objects.filter(recipient=senior_moderator).exists()
    assert "would like to talk" in last_notice(other_senior).message
    assert team_figures(now=timezone.now(), viewer=senior_moderator) == []


def test_a_leads_own_house_rule_question_reaches_the_other_seniors(
    two_teams, senior_moderator, make_item
):
    ours, _, _ = two_teams
    TeamMembership.objects.create(team=ours, moderator=UserFactory(display_name="Spare"))
    other_senior = UserFactory(display_name="OtherSenior", groups=[roles.SENIOR_MODERATOR])
    item = make_item("Can I name a shop?")
    services.item_escalate(item=item, moderator=senior_moderator, kind="house_rule", reason="?")
    assert "house-rule question" in last_notice(other_senior).message


def test_an_emptied_risk_reason_comes_back_on_the_one_click_form(volunteer, make_item, client_for):
    item = make_item(RISKY)
    response = client_for(volunteer).post(
        f"/admin/moderation/items/{item.pk}/escalate/",
        {"escalate-version": item.version, "escalate-kind": "safeguarding", "escalate-reason": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Please write something here." in page
    assert "Escalate as safeguarding" in page and 'type="radio"' not in page
    assert refreshed(item).status == "pending"
