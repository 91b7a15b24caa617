"""Safeguarding cases: what senior moderators did, kept for good."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.utils import DatabaseError
from django.utils import timezone

from moderation import selectors, services
from moderation.models import (
    AuditAction,
    AuditEntry,
    AuditLogIsImmutable,
    CaseEntry,
    CaseEntryKind,
    CaseStatus,
    Notice,
    SafeguardingCase,
)
from tests.moderation.conftest import last_notice, refreshed

WORRY = "My stepdad hits me when he drinks."


@pytest.fixture
def case(make_item, volunteer):
    item = make_item(WORRY)
    services.item_escalate(
        item=item, moderator=volunteer, kind="safeguarding", reason="They may be unsafe at home"
    )
    return SafeguardingCase.objects.get(item=item)


def kinds(case):
    return list(case.entries.values_list("kind", flat=True))


def test_a_safeguarding_escalation_opens_a_case(case, volunteer):
    assert case.status == CaseStatus.OPEN and case.opened_by == volunteer
    assert case.reason == "They may be unsafe at home"
    assert kinds(case) == [CaseEntryKind.OPENED]
    assert AuditEntry.objects.filter(item_id=case.item_id, action=AuditAction.CASE).count() == 1


@pytest.mark.parametrize("kind", ["personal_details", "house_rule", "policy"])
def test_other_escalations_open_no_case(make_item, volunteer, kind):
    item = make_item("Can I name my school's head teacher?")
    services.item_escalate(item=item, moderator=volunteer, kind=kind, reason="Unsure")
    assert not SafeguardingCase.objects.filter(item=item).exists()


def test_a_case_cannot_be_opened_for_an_item_without_risk(make_item, senior_moderator):
    item = make_item("Buses should be free for everyone under 18.")
    with pytest.raises(ValidationError, match="only for safeguarding"):
        services.case_open(item=item, moderator=senior_moderator)
    assert not SafeguardingCase.objects.exists()


def test_recording_an_action_moves_the_case_on(case, senior_moderator):
    services.case_record(case=case, moderator=senior_moderator, action_type="signposted")
    case = SafeguardingCase.objects.get(pk=case.pk)
    assert case.status == CaseStatus.ACTION_TAKEN
    assert kinds(case) == [CaseEntryKind.OPENED, CaseEntryKind.ACTION, CaseEntryKind.STATUS]
    action = case.entries.get(kind=CaseEntryKind.ACTION)
    assert action.actor == senior_moderator and action.action_type.code == "signposted"
    assert AuditEntry.objects.filter(item_id=case.item_id, action=AuditAction.CASE).count() == 3


def test_a_follow_up_date_and_the_list_of_cases_due(case, senior_moderator):
    today = timezone.localdate()
    assert case in selectors.cases(show="due", today=today)  # no date set yet: due
    services.case_record(
        case=case, moderator=senior_moderator, follow_up_on=today + dt.timedelta(days=3)
    )
    assert case not in selectors.cases(show="due", today=today)
    assert case in selectors.cases(show="due", today=today + dt.timedelta(days=3))
    assert case in selectors.cases(show="open", today=today)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"follow_up_on": dt.date(2020, 1, 1)}, "in the past"),
        ({"status": "closed", "note": ""}, "Please write a note"),
        ({"status": "closed", "note": "   "}, "Please write a note"),
        ({"action_type": "emergency-services"}, "Please write a note about"),
        ({"action_type": "no-such-action"}, "Choose an action"),
        ({"status": "lost"}, "Choose a status"),
        ({}, "nothing to record"),
        ({"note": "x" * 5000}, "characters or fewer"),
    ],
)
def test_bad_input_changes_nothing(case, senior_moderator, fields, message):
    before = kinds(case)
    with pytest.raises(ValidationError, match=message):
        services.case_record(case=case, moderator=senior_moderator, **fields)
    assert kinds(case) == before
    assert SafeguardingCase.objects.get(pk=case.pk).status == CaseStatus.OPEN


@pytest.mark.parametrize("role", ["volunteer", "policy_editor", "participant"])
def test_only_senior_moderators_record_on_a_case(request, case, role):
    with pytest.raises(PermissionDenied):
        services.case_record(case=case, moderator=request.getfixturevalue(role), note="Hello")
    assert kinds(case) == [CaseEntryKind.OPENED]


def test_closing_needs_an_outcome_and_a_closed_case_takes_nothing_more(case, senior_moderator):
    services.case_record(
        case=case, moderator=senior_moderator, status="closed", note="Spoke to the lead; safe now."
    )
    case = SafeguardingCase.objects.get(pk=case.pk)
    assert case.is_closed and case.closed_at is not None
    with pytest.raises(ValidationError, match="This case is closed"):
        services.case_record(case=case, moderator=senior_moderator, note="One more thing")
    services.case_record(
        case=case, moderator=senior_moderator, status="open", note="They wrote again."
    )
    assert SafeguardingCase.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_a_private_message_reaches_the_young_person_with_helplines(
    case, senior_moderator, participant
):
    services.case_message_young_person(case=case, moderator=senior_moderator, template="check-in")
    message = last_notice(participant)
    assert "Childline" in message.message and "0800 1111" in message.message
    assert message.link == "/get-help/"
    assert WORRY not in message.message  # never quotes what they wrote
    assert CaseEntryKind.MESSAGE in kinds(case)
    assert SafeguardingCase.objects.get(pk=case.pk).status == CaseStatus.ACTION_TAKEN


def test_an_unknown_message_is_refused(case, senior_moderator, participant):
    before = Notice.objects.filter(recipient=participant).count()
    with pytest.raises(ValidationError, match="Choose one of the messages"):
        services.case_message_young_person(case=case, moderator=senior_moderator, template="x")
    assert Notice.objects.filter(recipient=participant).count() == before


def test_the_case_record_cannot_be_changed_or_deleted(case):
    entry = case.entries.get()
    entry.note = "rewritten"
    with pytest.raises(AuditLogIsImmutable):
        entry.save()
    with pytest.raises(AuditLogIsImmutable):
        entry.delete()
    with pytest.raises(AuditLogIsImmutable):
        CaseEntry.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(AuditLogIsImmutable):
        CaseEntry.objects.filter(pk=entry.pk).delete()
    assert CaseEntry.objects.get(pk=entry.pk).note == "They may be unsafe at home"


@pytest.mark.postgres
def test_the_database_refuses_to_change_the_case_record(case):
    entry = case.entries.get()
    with pytest.raises(DatabaseError, match="cannot be changed"), connection.cursor() as cursor:
        cursor.execute("UPDATE moderation_caseentry SET note = 'x' WHERE id = %s", [entry.pk])


def test_the_item_page_links_senior_moderators_to_the_case(client_for, senior_moderator, case):
    page = client_for(senior_moderator).get(f"/admin/moderation/items/{case.item_id}/")
    assert f"/admin/moderation/cases/{case.pk}/" in page.content.decode()


@pytest.mark.parametrize("role", ["volunteer", "policy_editor"])
def test_cases_are_hidden_from_everyone_else(request, client_for, case, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get("/admin/moderation/cases/").status_code == 403
    assert client.get(f"/admin/moderation/cases/{case.pk}/").status_code == 403
    assert (
        client.post(f"/admin/moderation/cases/{case.pk}/record/", {"note": "x"}).status_code == 403
    )
    page = client.get(f"/admin/moderation/items/{case.item_id}/").content.decode()
    assert f"/admin/moderation/cases/{case.pk}/" not in page
    assert kinds(case) == [CaseEntryKind.OPENED]


def test_a_senior_moderator_works_a_case_in_the_admin(client_for, senior_moderator, case):
    client = client_for(senior_moderator)
    listing = client.get("/admin/moderation/cases/")
    assert listing.status_code == 200 and f"Case {case.pk}" in listing.content.decode()
    response = client.post(
        f"/admin/moderation/cases/{case.pk}/record/",
        {"action_type": "", "note": "", "status": "closed", "follow_up_on": ""},
    )
    assert response.status_code == 200  # shown again with the message, nothing saved
    assert "Please write a note" in response.content.decode()
    assert kinds(case) == [CaseEntryKind.OPENED]
    past = client.post(
        f"/admin/moderation/cases/{case.pk}/record/", {"note": "x", "follow_up_on": "2020-01-01"}
    )
    assert past.status_code == 200 and "in the past" in past.content.decode()
    assert kinds(case) == [CaseEntryKind.OPENED]
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    done = client.post(
        f"/admin/moderation/cases/{case.pk}/record/",
        {
            "action_type": _action_id("referred-to-lead"),
            "note": "Passed to Sam.",
            "follow_up_on": tomorrow,
        },
    )
    assert done.status_code == 302
    assert kinds(case)[-3:] == [CaseEntryKind.ACTION, CaseEntryKind.FOLLOW_UP, CaseEntryKind.STATUS]
    sent = client.post(f"/admin/moderation/cases/{case.pk}/message/", {"template": "signpost"})
    assert sent.status_code == 302 and kinds(case)[-1] == CaseEntryKind.MESSAGE
    detail = client.get(f"/admin/moderation/cases/{case.pk}/").content.decode()
    assert "Passed to Sam." in detail and "Referred to the charity" in detail


def _action_id(code):
    from moderation.models import SafeguardingActionType

    return SafeguardingActionType.objects.get(code=code).pk


def test_the_author_meanwhile_sees_only_that_we_are_looking(case, participant, client_for):
    assert refreshed(case.item).status == "escalated"
    page = client_for(participant).get("/moderation/notices/").content.decode()
    assert "case" not in page.lower() and "senior" not in page.lower()


def test_a_volunteer_cannot_open_a_case_by_hand(make_item, volunteer):
    item = make_item(WORRY)
    with pytest.raises(PermissionDenied):
        services.case_open(item=item, moderator=volunteer)
    assert not SafeguardingCase.objects.exists()


def test_a_senior_moderator_opens_a_case_for_a_risk_flagged_item(
    make_item, senior_moderator, client_for
):
    item = make_item("Some days I want to end it all.")
    response = client_for(senior_moderator).post(f"/admin/moderation/items/{item.pk}/open-case/")
    case = SafeguardingCase.objects.get(item=item)
    assert response.status_code == 302 and response.url == f"/admin/moderation/cases/{case.pk}/"
