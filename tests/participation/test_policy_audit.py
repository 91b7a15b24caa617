"""The policy team's actions: each checks who is acting, and each leaves an entry in the
vote page's history saying who did what."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from participation.models import (
    Nomination,
    NominationState,
    Round,
    RoundResult,
    ShortlistEntry,
)
from participation.services import audit
from participation.services import ballots as ballot_services
from participation.services import nominations as nomination_services
from participation.services import rounds as round_services
from participation.services.round_opening import round_opening_announce
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)
OUTSIDERS = ["volunteer", "participant", "senior_moderator"]


def entries(page, action):
    return list(PageLogEntry.objects.filter(page_id=page.pk, action=action).order_by("pk"))


def _ended(round_: Round) -> Round:
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - MINUTE)
    return Round.objects.select_related("page").get(pk=round_.pk)


@pytest.fixture
def nominating(volunteer):
    page = campaign_vote(open_round=None, rounds=(("approval", 2, 3),))
    issues = submitted_nominations(page, 3, author=ParticipantFactory(), moderator=volunteer)
    return page, issues


# --- Merge and mark ineligible ---------------------------------------------------------


def test_a_merge_is_recorded_with_who_and_what(nominating, policy_editor):
    page, (source, target, _) = nominating
    nomination_services.nomination_merge(source=source, target=target, actor=policy_editor)
    (entry,) = entries(page, audit.NOMINATION_MERGE)
    assert entry.user_id == policy_editor.pk
    assert entry.data["source"] == {"id": source.pk, "title": source.title}
    assert entry.data["target"]["id"] == target.pk
    assert entry.data["state"] == {"from": "active", "to": "merged"}


def test_marking_not_eligible_is_recorded_with_the_reason(nominating, admin):
    page, (nomination, *_) = nominating
    nomination_services.nomination_mark_ineligible(
        nomination=nomination, actor=admin, reason="A council matter."
    )
    (entry,) = entries(page, audit.NOMINATION_INELIGIBLE)
    assert entry.user_id == admin.pk
    assert entry.data["nomination"]["id"] == nomination.pk
    assert entry.data["reason"] == "A council matter."


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_policy_team_merges_or_rules_out(nominating, request, who):
    page, (source, target, other) = nominating
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        nomination_services.nomination_merge(source=source, target=target, actor=person)
    with pytest.raises(PermissionDenied):
        nomination_services.nomination_mark_ineligible(
            nomination=other, actor=person, reason="Because."
        )
    assert set(Nomination.objects.values_list("state", flat=True)) == {NominationState.ACTIVE}
    assert not PageLogEntry.objects.filter(page_id=page.pk, action__startswith="participation.")


def test_nobody_merges_or_rules_out_as_the_system(nominating):
    _, (source, target, _) = nominating
    with pytest.raises(PermissionDenied):
        nomination_services.nomination_merge(source=source, target=target, actor=None)
    assert Nomination.objects.get(pk=source.pk).state == NominationState.ACTIVE


def test_nominations_on_an_opened_ballot_cannot_be_merged_or_ruled_out(volunteer, policy_editor):
    page = campaign_vote(rounds=(("approval", 2, 3),))  # round 1 is open
    round_ = page.ordered_rounds()[0]
    on_paper, also, off_paper = submitted_nominations(
        page, 3, author=ParticipantFactory(), moderator=volunteer
    )
    round_services.round_shortlist_freeze(round=round_, default=[on_paper, also])

    with pytest.raises(ValidationError, match="on a ballot that has opened"):
        nomination_services.nomination_merge(source=on_paper, target=also, actor=policy_editor)
    with pytest.raises(ValidationError, match="on a ballot that has opened"):
        nomination_services.nomination_merge(source=off_paper, target=on_paper, actor=policy_editor)
    with pytest.raises(ValidationError, match="on a ballot that has opened"):
        nomination_services.nomination_mark_ineligible(
            nomination=on_paper, actor=policy_editor, reason="Off topic."
        )
    assert set(Nomination.objects.values_list("state", flat=True)) == {NominationState.ACTIVE}
    assert not entries(page, audit.NOMINATION_MERGE)
    assert not entries(page, audit.NOMINATION_INELIGIBLE)


# --- Shortlists and ballot papers ------------------------------------------------------


def test_setting_a_shortlist_is_recorded_before_and_after(nominating, policy_editor):
    page, issues = nominating
    round_ = page.ordered_rounds()[0]
    round_services.round_shortlist_set(round=round_, nominations=issues[:2], actor=policy_editor)
    round_services.round_shortlist_set(round=round_, nominations=issues[1:], actor=policy_editor)
    first, second = entries(page, audit.ROUND_SHORTLIST)
    assert first.user_id == policy_editor.pk and first.data["before"] == []
    assert second.data["before"] == sorted(n.pk for n in issues[:2])
    assert second.data["after"] == sorted(n.pk for n in issues[1:])


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_policy_team_sets_a_shortlist(nominating, request, who):
    page, issues = nominating
    with pytest.raises(PermissionDenied):
        round_services.round_shortlist_set(
            round=page.ordered_rounds()[0], nominations=issues, actor=request.getfixturevalue(who)
        )
    assert not ShortlistEntry.objects.exists()


def test_the_first_ballot_paper_is_fixed_by_the_system_and_recorded(volunteer):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    issues = submitted_nominations(page, 2, author=ParticipantFactory(), moderator=volunteer)
    frozen = round_services.round_shortlist_freeze(round=round_, default=issues)
    again = round_services.round_shortlist_freeze(round=round_, default=issues[:1])
    assert frozen == again == sorted(n.pk for n in issues)
    (entry,) = entries(page, audit.ROUND_SHORTLIST_FREEZE)
    assert entry.user is None and entry.data["after"] == frozen


def test_a_failure_while_fixing_the_paper_leaves_no_half_paper(volunteer, monkeypatch):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    issues = submitted_nominations(page, 3, author=ParticipantFactory(), moderator=volunteer)

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        round_services.round_shortlist_freeze(round=round_, default=issues)
    assert not ShortlistEntry.objects.filter(round=round_).exists()


def test_a_participant_cannot_fix_a_ballot_paper(volunteer, participant):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    issues = submitted_nominations(page, 2, author=ParticipantFactory(), moderator=volunteer)
    with pytest.raises(PermissionDenied):
        round_services.round_shortlist_freeze(
            round=page.ordered_rounds()[0], default=issues, actor=participant
        )
    assert not ShortlistEntry.objects.exists()


# --- Opening, closing and recounting --------------------------------------------------


def test_a_round_opening_is_recorded_once_as_the_system(volunteer):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    now = timezone.now()
    round_opening_announce(round=round_, now=now)
    round_opening_announce(round=round_, now=now + MINUTE)
    (entry,) = entries(page, audit.ROUND_OPEN)
    assert entry.user is None
    assert entry.data["round"] == round_.pk and entry.data["method"] == "approval"


@pytest.fixture
def ended(volunteer, participant):
    page = campaign_vote(rounds=(("approval", 2, 3),))
    round_ = page.ordered_rounds()[0]
    issues = submitted_nominations(page, 3, author=ParticipantFactory(), moderator=volunteer)
    round_services.round_shortlist_freeze(round=round_, default=issues)
    ballot_services.ballot_cast(
        participant=participant,
        round=round_,
        choices=[issues[0].pk],
    )
    return page, _ended(round_)


def test_closing_a_round_is_recorded_with_who_closed_it(ended, policy_editor):
    page, round_ = ended
    result = round_services.round_close(round=round_, actor=policy_editor)
    (entry,) = entries(page, audit.ROUND_CLOSE)
    assert entry.user_id == policy_editor.pk
    assert entry.data["ballots"] == 1 and entry.data["winners"] == result.winners


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_policy_team_closes_a_round(ended, request, who):
    page, round_ = ended
    with pytest.raises(PermissionDenied):
        round_services.round_close(round=round_, actor=request.getfixturevalue(who))
    assert not RoundResult.objects.exists()
    assert not entries(page, audit.ROUND_CLOSE)


def test_the_minute_job_closes_as_the_system(ended):
    page, round_ = ended
    call_command("close_rounds", stdout=io.StringIO())
    assert RoundResult.objects.filter(round=round_).exists()
    (entry,) = entries(page, audit.ROUND_CLOSE)
    assert entry.user is None


def test_a_recount_is_recorded_with_whether_it_matched(ended, policy_editor):
    page, round_ = ended
    round_services.round_close(round=round_, actor=None)
    out = io.StringIO()
    call_command("recount", str(round_.pk), "--by", policy_editor.email, stdout=out)
    assert "matches" in out.getvalue()
    (entry,) = entries(page, audit.ROUND_RECOUNT)
    assert entry.user_id == policy_editor.pk and entry.data["matches"] is True


def test_the_policy_team_reads_the_record_in_the_pages_history(
    nominating, policy_editor, client_for
):
    page, (source, target, _) = nominating
    nomination_services.nomination_merge(source=source, target=target, actor=policy_editor)
    history = client_for(policy_editor).get(f"/admin/pages/{page.pk}/history/")
    assert history.status_code == 200
    assert "Merged a duplicate nomination into another" in history.content.decode()


def test_closing_from_the_admin_records_who_pressed_the_button(ended, policy_editor, client_for):
    page, round_ = ended
    response = client_for(policy_editor).post(f"/admin/campaign-votes/rounds/{round_.pk}/close/")
    assert response.status_code == 302
    (entry,) = entries(page, audit.ROUND_CLOSE)
    assert entry.user_id == policy_editor.pk


def test_merging_from_the_admin_records_who_merged(nominating, policy_editor, client_for):
    page, (source, target, _) = nominating
    client_for(policy_editor).post(
        f"/admin/campaign-votes/nominations/{source.pk}/merge/", {"target": target.pk}
    )
    (entry,) = entries(page, audit.NOMINATION_MERGE)
    assert entry.user_id == policy_editor.pk and entry.data["target"]["id"] == target.pk
