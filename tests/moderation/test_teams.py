"""Volunteer teams and shifts: own queues, a limit on distressing items, breaks, and
a private way to ask for support."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from moderation import services
from moderation.metrics import team_figures
from moderation.models import AuditEntry, Notice, Shift, Team, TeamMembership
from moderation.services import teams
from tests.factories import UserFactory
from tests.moderation.conftest import last_notice, refreshed

RISKY = "Some days I want to end it all."


@pytest.fixture
def team(volunteer, senior_moderator):
    team = Team.objects.create(
        name="Tuesday evenings", lead=senior_moderator, risk_items_per_shift=2
    )
    TeamMembership.objects.create(team=team, moderator=volunteer)
    return team


@pytest.fixture
def other_team(role_permissions):
    from cms import roles

    team = Team.objects.create(name="Saturday mornings")
    member = UserFactory(display_name="WeekendReader", groups=[roles.VOLUNTEER_MODERATOR])
    TeamMembership.objects.create(team=team, moderator=member)
    return team


def test_taking_an_item_starts_a_shift_and_ending_it_gives_the_item_back(
    team, volunteer, make_item
):
    make_item()
    assert teams.current_shift(volunteer) is None
    item = services.item_claim_next(moderator=volunteer)
    shift = teams.current_shift(volunteer)
    assert shift is not None and shift.team == team
    services.shift_end(moderator=volunteer)
    assert teams.current_shift(volunteer) is None
    assert refreshed(item).claimed_by is None
    with pytest.raises(ValidationError, match="not on a shift"):
        services.shift_end(moderator=volunteer)


def test_the_queue_stops_serving_risk_items_after_the_teams_limit(team, volunteer, make_item):
    risky = [make_item(RISKY) for _ in range(3)]
    plain = make_item("Buses should run later at weekends.")
    served = []
    for _ in range(3):
        item = services.item_claim_next(moderator=volunteer)
        served.append(item.pk)
        services.item_escalate(
            item=item, moderator=volunteer, kind="safeguarding", reason="Worried"
        )
    # Two risk items (the team's limit), then the plain one: the third risk item waits.
    assert served[:2] == [risky[0].pk, risky[1].pk] and served[2] == plain.pk
    assert services.item_claim_next(moderator=volunteer) is None
    with pytest.raises(ValidationError, match="as many items about possible risk"):
        services.item_claim(item=risky[2], moderator=volunteer)
    assert refreshed(risky[2]).claimed_by is None
    assert teams.risk_items_left(volunteer, teams.current_shift(volunteer)) == 0


def test_a_new_shift_starts_the_count_again(team, volunteer, make_item):
    for _ in range(3):
        make_item(RISKY)
    for _ in range(2):
        item = services.item_claim_next(moderator=volunteer)
        services.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason="W")
    assert services.item_claim_next(moderator=volunteer) is None
    services.shift_end(moderator=volunteer)
    assert services.item_claim_next(moderator=volunteer).has_risk_flag


def test_senior_moderators_have_no_risk_limit(senior_moderator, make_item):
    for _ in range(7):
        make_item(RISKY)
    for _ in range(7):
        item = services.item_claim_next(moderator=senior_moderator)
        assert item is not None and item.has_risk_flag
        services.item_reject(item=item, moderator=senior_moderator, reason="off-topic")


def test_a_break_is_suggested_after_the_teams_time(team, volunteer, client_for, make_item):
    team.break_after_minutes = 30
    team.save()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.shift_start(moderator=volunteer)
    client = client_for(volunteer)
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        assert "You've been moderating for" not in client.get("/admin/moderation/").content.decode()
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        page = client.get("/admin/moderation/").content.decode()
        assert "You've been moderating for 31 minutes" in page
        assert client.post("/admin/moderation/shift/break/").status_code == 302
    with time_machine.travel(start + dt.timedelta(minutes=50), tick=False):
        assert "You've been moderating for" not in client.get("/admin/moderation/").content.decode()


def test_asking_to_talk_tells_the_team_lead_and_nobody_else(
    team, volunteer, senior_moderator, client_for
):
    other_senior = UserFactory(display_name="OtherSenior")
    other_senior.groups.set(senior_moderator.groups.all())
    audit_before = AuditEntry.objects.count()
    client = client_for(volunteer)
    assert client.get("/admin/moderation/talk/").status_code == 200
    response = client.post("/admin/moderation/talk/", {"message": "The last one stayed with me."})
    assert response.status_code == 302
    told = last_notice(senior_moderator)
    assert "KindReader would like to talk" in told.message
    assert "The last one stayed with me." in told.message
    assert not Notice.objects.filter(recipient=other_senior).exists()
    assert AuditEntry.objects.count() == audit_before


def test_without_a_team_lead_senior_moderators_are_told(volunteer, senior_moderator):
    assert services.support_request(moderator=volunteer) >= 1
    assert "would like to talk" in last_notice(senior_moderator).message


def test_a_participant_cannot_ask_as_a_moderator(participant):
    with pytest.raises(PermissionDenied):
        services.support_request(moderator=participant)


def test_new_items_join_a_team_on_shift_and_volunteers_see_their_own_queue(
    team, other_team, volunteer, make_item, client_for
):
    weekend = other_team.memberships.get().moderator
    services.shift_start(moderator=weekend)
    theirs = make_item("An item for the weekend team.")
    assert refreshed(theirs).team == other_team
    # Not ours: refused by the service, absent from our queue and from "take next".
    with pytest.raises(PermissionDenied, match="another team's queue"):
        services.item_approve(item=theirs, moderator=volunteer)
    with pytest.raises(PermissionDenied, match="another team's queue"):
        services.item_claim(item=theirs, moderator=volunteer)
    assert services.item_claim_next(moderator=volunteer) is None
    page = client_for(volunteer).get("/admin/moderation/").content.decode()
    assert f"/admin/moderation/items/{theirs.pk}/" not in page
    forged = client_for(volunteer).post(
        f"/admin/moderation/items/{theirs.pk}/approve/", {"approve-version": 1}
    )
    assert forged.status_code == 403 and refreshed(theirs).status == "pending"
    services.item_approve(item=theirs, moderator=weekend)


def test_with_nobody_on_shift_items_wait_in_the_shared_queue(team, volunteer, make_item):
    item = make_item("Nobody is on yet.")
    assert refreshed(item).team is None
    assert services.item_claim_next(moderator=volunteer).pk == item.pk


def test_who_is_on_now(team, volunteer, client_for, senior_moderator):
    services.shift_start(moderator=volunteer)
    page = client_for(senior_moderator).get("/admin/moderation/on-shift/").content.decode()
    assert "KindReader" in page and "Tuesday evenings" in page
    services.shift_end(moderator=volunteer)
    page = client_for(senior_moderator).get("/admin/moderation/on-shift/").content.decode()
    assert "KindReader" not in page and "Nobody is on shift" in page


def test_a_forgotten_shift_ends_on_its_own(volunteer):
    start = timezone.now() - dt.timedelta(hours=20)
    with time_machine.travel(start, tick=False):
        services.shift_start(moderator=volunteer)
    assert teams.current_shift(volunteer) is None
    services.shift_start(moderator=volunteer)
    assert Shift.objects.filter(moderator=volunteer, ended_at__isnull=True).count() == 1


# --- Figures for team leads --------------------------------------------------------


def test_team_leads_see_their_teams_figures_with_overturned_decisions(
    team,
    volunteer,
    senior_moderator,
    policy_editor,
    other_participant,
    make_item,
    client_for,
    participant,
):
    changed = make_item("Buses should be free.")
    services.item_reject(item=changed, moderator=volunteer, reason="off-topic")
    services.item_author_edited(
        obj=changed.content_object, author=participant, text_fields={"body": "Buses, free!"}
    )
    services.item_approve(item=changed, moderator=senior_moderator)  # after an edit: not overturned
    reversed_later = make_item("Trains should be free.")
    services.item_approve(item=reversed_later, moderator=volunteer)
    services.item_report(item=reversed_later, reporter=other_participant, reason="Unkind")
    services.item_reject(item=reversed_later, moderator=senior_moderator, reason="off-topic")
    kept = make_item("Trams should be free.")
    services.item_approve(item=kept, moderator=volunteer)

    [figures] = team_figures(now=timezone.now(), viewer=senior_moderator)
    [person] = figures.volunteers
    assert figures.name == "Tuesday evenings" and person.name == "KindReader"
    assert person.decisions_30_days == 3 and person.overturned == 1
    assert figures.overturned_share == pytest.approx(1 / 3)
    assert team_figures(now=timezone.now(), viewer=policy_editor) == []
    page = client_for(senior_moderator).get("/admin/moderation/metrics/").content.decode()
    assert "Tuesday evenings" in page and "KindReader" in page and "33%" in page
    page = client_for(volunteer).get("/admin/moderation/metrics/").content.decode()
    assert "Tuesday evenings" not in page


def test_an_administrator_sets_up_a_team_in_the_admin(
    client_for, admin, volunteer, senior_moderator
):
    client = client_for(admin)
    assert client.get("/admin/moderation/teams/").status_code == 200
    form = client.get("/admin/moderation/teams/new/")
    assert form.status_code == 200 and "Volunteers" in form.content.decode()
    response = client.post(
        "/admin/moderation/teams/new/",
        {
            "name": "Sunday team",
            "lead": senior_moderator.pk,
            "risk_items_per_shift": 3,
            "break_after_minutes": 40,
            "is_active": "on",
            "memberships-TOTAL_FORMS": 1,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
            "memberships-0-moderator": volunteer.pk,
            "memberships-0-id": "",
            "memberships-0-ORDER": 1,
            "memberships-0-DELETE": "",
        },
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Sunday team")
    assert team.lead == senior_moderator and team.memberships.get().moderator == volunteer


def test_a_team_lead_must_be_a_senior_moderator(client_for, admin, volunteer):
    response = client_for(admin).post(
        "/admin/moderation/teams/new/",
        {
            "name": "Odd team",
            "lead": volunteer.pk,
            "risk_items_per_shift": 3,
            "break_after_minutes": 40,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 200
    assert "must be a senior moderator" in response.content.decode()
    assert not Team.objects.filter(name="Odd team").exists()


@pytest.mark.parametrize("role", ["volunteer", "senior_moderator", "policy_editor"])
def test_only_administrators_set_up_teams(request, db, client_for, role):
    # `db` named here: the role fixture is looked up by name, which pytest-django
    # can't see when it orders database tests before transactional ones.
    client = client_for(request.getfixturevalue(role))
    assert client.get("/admin/moderation/teams/new/").status_code in (302, 403)
    response = client.post("/admin/moderation/teams/new/", {"name": "Mine"})
    assert response.status_code in (302, 403)
    assert not Team.objects.filter(name="Mine").exists()
