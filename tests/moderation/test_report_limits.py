"""Reports can't silence anyone: who may report, how many, and how much each counts."""

import datetime as dt
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from moderation import registry, selectors, services
from moderation.models import AuditAction, AuditEntry, Report, Status
from moderation.services.reports import reporter_weight
from moderation.templatetags.moderation_tags import report_url
from tests.factories import ParticipantFactory
from tests.moderation.conftest import last_notice, refreshed

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(make_item, senior_moderator):
    def make(body: str = "Buses should be free for everyone under 18.", **kwargs):
        item = make_item(body, **kwargs)
        services.item_approve(item=item, moderator=senior_moderator)
        return refreshed(item)

    return make


@pytest.fixture
def published(publish):
    return publish()


def seasoned(**kwargs):
    """A participant whose account is older than the new-account week."""
    return ParticipantFactory(date_joined=timezone.now() - dt.timedelta(days=60), **kwargs)


@pytest.mark.parametrize("who", ["unverified", "volunteer", "policy_editor"])
def test_only_participants_may_report(request, published, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="Only people taking part"):
        services.item_report(item=published, reporter=user, reason="Unkind")
    assert not Report.objects.exists()
    assert refreshed(published).status == Status.APPROVED


def test_the_report_page_tells_a_non_participant_kindly(client_for, unverified, published):
    obj = published.content_object
    response = client_for(unverified).post(report_url(obj), {"reason": "Unkind"})
    assert response.status_code == 403
    assert "Only people taking part" in html.unescape(response.content.decode())
    assert not Report.objects.exists()


def test_a_person_may_send_only_so_many_reports_a_day(publish, other_participant, settings):
    settings.MODERATION_REPORTS_PER_DAY = 3
    items = [publish(f"Idea number {n} for better buses") for n in range(4)]
    for item in items[:3]:
        services.item_report(item=item, reporter=other_participant, reason="Unkind")
    with pytest.raises(ValidationError, match="as many as one day allows"):
        services.item_report(item=items[3], reporter=other_participant, reason="Unkind")
    assert refreshed(items[3]).status == Status.APPROVED
    assert Report.objects.filter(reporter=other_participant).count() == 3
    # Another person is not held back by that limit.
    services.item_report(item=items[3], reporter=ParticipantFactory(), reason="Unkind")


def test_the_day_is_rolling(publish, other_participant, settings, time_machine):
    settings.MODERATION_REPORTS_PER_DAY = 1
    first, second = publish("First idea about buses"), publish("Second idea about trains")
    time_machine.move_to(timezone.now() - dt.timedelta(hours=25))
    services.item_report(item=first, reporter=other_participant, reason="Unkind")
    time_machine.move_to(timezone.now() + dt.timedelta(hours=25))
    services.item_report(item=second, reporter=other_participant, reason="Unkind")
    assert Report.objects.filter(reporter=other_participant).count() == 2


def test_beyond_the_items_limit_reports_are_only_counted(published, settings):
    settings.MODERATION_REPORTS_PER_ITEM = 2
    for n in range(4):
        services.item_report(item=published, reporter=ParticipantFactory(), reason=f"Reason {n}")
    item = refreshed(published)
    assert item.open_report_count == 4
    assert [r.reason for r in selectors.open_reports(item)] == ["Reason 0", "Reason 1"]
    assert Report.objects.filter(item=item, folded=True, reason="").count() == 2
    assert AuditEntry.objects.filter(item_id=item.pk, action=AuditAction.REPORT).count() == 2


def settle(item, reporter, decide):
    services.item_report(item=item, reporter=reporter, reason="Unkind")
    decide(refreshed(item))


def test_a_reporter_whose_reports_are_upheld_counts_for_more(publish, volunteer):
    reporter, now = seasoned(), timezone.now()
    assert reporter_weight(reporter, now=now) == 1
    for n in range(3):
        settle(
            publish(f"Upheld idea {n}"),
            reporter,
            lambda item: services.item_reject(item=item, moderator=volunteer, reason="unkind"),
        )
    assert reporter_weight(reporter, now=timezone.now()) > 1.5


def test_a_reporter_whose_reports_are_dismissed_counts_for_less(publish, volunteer):
    reporter = seasoned()
    for n in range(3):
        settle(
            publish(f"Fine idea {n}"),
            reporter,
            lambda item: services.item_approve(item=item, moderator=volunteer),
        )
    assert reporter_weight(reporter, now=timezone.now()) < 0.5


def test_a_new_account_counts_for_half(other_participant):
    assert reporter_weight(other_participant, now=timezone.now()) == 0.5


def test_reported_items_with_more_weight_come_first(publish, volunteer):
    once = publish("Reported by one person")
    many = publish("Reported by three people")
    services.item_report(item=once, reporter=seasoned(), reason="Unkind")
    for _ in range(3):
        services.item_report(item=many, reporter=ParticipantFactory(), reason="Unkind")
    order = [item.pk for item in selectors.queue_for(volunteer, now=timezone.now())]
    assert order.index(many.pk) < order.index(once.pk)
    assert refreshed(many).report_score == 1.5  # three new accounts, half each


def test_the_queue_says_how_many_people_reported_it(client_for, volunteer, published):
    for _ in range(3):
        services.item_report(item=published, reporter=ParticipantFactory(), reason="Unkind")
    response = client_for(volunteer).get("/admin/moderation/")
    assert "Reported by 3 people" in response.content.decode()


def test_a_dismissed_danger_report_does_not_hide_the_item_again(published, senior_moderator):
    for _ in range(2):
        services.item_report(
            item=published, reporter=ParticipantFactory(), reason="Unsafe", kind="danger"
        )
    assert refreshed(published).is_hidden
    services.item_approve(item=refreshed(published), moderator=senior_moderator)
    item = refreshed(published)
    assert item.is_public and item.open_report_count == 0
    # A new report starts from nothing: the settled ones no longer count.
    services.item_report(item=item, reporter=seasoned(), reason="Unkind")
    item = refreshed(published)
    assert (item.open_report_count, item.report_score, item.is_hidden) == (1, 1, False)


def test_an_unknown_kind_of_report_is_refused(published, other_participant):
    with pytest.raises(ValidationError, match="Choose what is wrong"):
        services.item_report(item=published, reporter=other_participant, reason="x", kind="spam")
    assert not Report.objects.exists()


def test_the_owning_app_decides_who_may_report(published, other_participant):
    def nobody(user):
        return "Reporting is paused today."

    registry.register_reporter_check(nobody)
    try:
        with pytest.raises(PermissionDenied, match="paused today"):
            services.item_report(item=published, reporter=other_participant, reason="Unkind")
    finally:
        registry.unregister_reporter_check(nobody)
    services.item_report(item=published, reporter=other_participant, reason="Unkind")


def test_the_report_page_asks_what_kind_of_problem_it_is(
    client_for, other_participant, published, senior_moderator
):
    url = report_url(published.content_object)
    client = client_for(other_participant)
    assert "Someone may be in danger" in client.get(url).content.decode()
    response = client.post(url, {"kind": "danger", "reason": "They sound unsafe"})
    assert response.status_code == 302
    report = Report.objects.get(reporter=other_participant)
    assert report.kind == "danger"
    assert "needs safeguarding attention" in last_notice(senior_moderator).message
