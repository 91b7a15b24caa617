"""The figures page: queue size, time to decision, reasons and per-volunteer counts."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from moderation import services
from moderation.metrics import humane_duration, moderation_metrics, percentile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def decide_after(make_item, moderator, minutes, *, reject=False, days_ago=0):
    start = timezone.now() - dt.timedelta(days=days_ago, minutes=minutes)
    with time_machine.travel(start, tick=False) as clock:
        item = make_item(f"waited {minutes} minutes")
        clock.shift(dt.timedelta(minutes=minutes))
        if reject:
            services.item_reject(item=item, moderator=moderator, reason="unkind")
        else:
            services.item_approve(item=item, moderator=moderator)
    return item


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [([], 0.5, None), ([4], 0.9, 4), ([1, 2, 3, 4], 0.5, 2.5), (list(range(1, 11)), 0.9, 9.1)],
)
def test_percentiles_interpolate_like_postgresql(values, fraction, expected):
    result = percentile(values, fraction)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_time_to_decision_over_7_and_30_days(make_item, volunteer, senior_moderator):
    for minutes in (10, 20, 30, 40):
        decide_after(make_item, volunteer, minutes)
    decide_after(make_item, senior_moderator, 600, reject=True, days_ago=20)
    decide_after(make_item, senior_moderator, 6000, days_ago=40)  # outside both windows
    make_item("still waiting")

    metrics = moderation_metrics(now=timezone.now(), with_volunteers=True)
    week, month = metrics.timings
    assert (week.days, week.decisions) == (7, 4)
    assert week.median_seconds == pytest.approx(25 * 60)
    assert week.p90_seconds == pytest.approx(37 * 60)
    assert (month.days, month.decisions) == (30, 5)
    assert month.median_seconds == pytest.approx(30 * 60)
    assert metrics.queue_by_status["pending"] == 1 and metrics.queue_size == 1
    assert metrics.approved_30_days == 4
    assert metrics.rejections_by_reason == [("Unkind or hurtful", 1)]

    figures = {person.name: person for person in metrics.volunteers}
    assert (figures["KindReader"].decisions_7_days, figures["KindReader"].approved) == (4, 4)
    assert (figures["SafeLead"].decisions_30_days, figures["SafeLead"].rejected) == (1, 1)


def test_per_volunteer_figures_only_for_administrators_and_team_leads(
    client_for, volunteer, senior_moderator, policy_editor, admin, item
):
    services.item_approve(item=item, moderator=volunteer)
    volunteer_page = client_for(volunteer).get("/admin/moderation/metrics/").content.decode()
    assert "Per moderator" not in volunteer_page and "Time from joining the queue" in volunteer_page
    for person in (senior_moderator, policy_editor):
        page = client_for(person).get("/admin/moderation/metrics/").content.decode()
        assert "Per moderator" not in page and "KindReader" not in page
    page = client_for(admin).get("/admin/moderation/metrics/").content.decode()
    assert "Per moderator" in page and "KindReader" in page


def test_a_deleted_moderator_is_still_counted(make_item):
    moderator = UserFactory(is_superuser=True, is_staff=True, display_name="Leaver")
    decide_after(make_item, moderator, 5)
    moderator.delete()
    metrics = moderation_metrics(now=timezone.now(), with_volunteers=True)
    assert "A former moderator" in [p.name for p in metrics.volunteers]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "\u2013"),
        (20, "under a minute"),
        (300, "5 min"),
        (3 * 3600 + 120, "3 h 2 min"),
        (5 * 86400, "5 days"),
    ],
)
def test_durations_read_plainly(seconds, text):
    assert humane_duration(seconds) == text
