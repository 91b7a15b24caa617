"""Every notice has a kind; the notice policy decides how switchable kinds arrive, and
safeguarding messages and staff alerts arrive whatever it says."""

import ast
from pathlib import Path

import pytest
from django.core import mail

from moderation import registry, services
from moderation.models import Notice, NoticeKind, SafeguardingCase
from tests.moderation.conftest import last_notice

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"cms", "config", "evidence", "participation", "tests"}


@pytest.fixture
def policy():
    """Swap the notice policy for one a test controls; put the real one back after."""
    previous = registry.set_notice_policy(None)
    yield lambda func: registry.set_notice_policy(func)
    registry.set_notice_policy(previous)


def silence_everything(recipient, kind):
    return registry.NoticeDelivery(in_site=False, email=False)


def test_moderation_imports_no_other_app_of_the_project():
    moderation = Path(__file__).resolve().parents[2] / "moderation"
    offenders = []
    for path in moderation.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in PROJECT_APPS]
    assert offenders == []


def test_decisions_staff_alerts_and_support_each_have_their_kind(
    make_item, participant, senior_moderator, volunteer, on_commit
):
    with on_commit():
        item = make_item("Some days I want to end it all")
    assert last_notice(participant).kind == NoticeKind.SAFEGUARDING  # "people you can talk to"
    assert last_notice(senior_moderator).kind == NoticeKind.STAFF_ALERT
    calm = make_item("Buses should be free for everyone under 18.")
    services.item_approve(item=calm, moderator=volunteer)
    assert last_notice(participant).kind == NoticeKind.DECISION
    services.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason="Worried")
    assert last_notice(participant).kind == NoticeKind.SAFEGUARDING


def test_without_a_policy_every_notice_is_emailed_with_no_unsubscribe(
    policy, item, volunteer, participant, on_commit
):
    with on_commit():
        services.item_approve(item=item, moderator=volunteer)
    assert last_notice(participant).kind == NoticeKind.DECISION
    [message] = mail.outbox
    assert "List-Unsubscribe" not in message.extra_headers
    assert message.alternatives[0][1] == "text/html"


def test_the_policy_can_keep_a_decision_out_of_email(
    policy, item, volunteer, participant, on_commit
):
    policy(lambda recipient, kind: registry.NoticeDelivery(email=False))
    with on_commit():
        services.item_approve(item=item, moderator=volunteer)
    assert "is now on the Listening Hub" in last_notice(participant).message
    assert mail.outbox == []


def test_the_policys_unsubscribe_address_goes_in_the_headers(
    policy, item, volunteer, participant, on_commit
):
    url = "https://hub.example.org/me/unsubscribe/abc/"
    policy(lambda recipient, kind: registry.NoticeDelivery(unsubscribe_url=url))
    with on_commit():
        services.item_approve(item=item, moderator=volunteer)
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body


def test_a_policy_that_silences_everything_cannot_silence_safety_or_staff_alerts(
    policy, make_item, participant, senior_moderator, volunteer, on_commit
):
    policy(silence_everything)
    with on_commit():
        item = make_item("Some days I want to end it all")
    assert last_notice(participant).kind == NoticeKind.SAFEGUARDING
    assert last_notice(senior_moderator).kind == NoticeKind.STAFF_ALERT
    assert senior_moderator.email in {m.to[0] for m in mail.outbox}
    before = Notice.objects.filter(recipient=participant).count()
    services.item_reject(
        item=make_item("Nothing to see."), moderator=volunteer, reason="personal-details"
    )
    assert Notice.objects.filter(recipient=participant).count() == before  # silenced
    services.item_escalate(item=item, moderator=volunteer, kind="safeguarding", reason="Worried")
    case = SafeguardingCase.objects.get(item=item)
    services.case_message_young_person(case=case, moderator=senior_moderator, template="check-in")
    message = last_notice(participant)
    assert message.kind == NoticeKind.SAFEGUARDING and "Childline" in message.message


def test_an_unknown_kind_is_refused(participant):
    with pytest.raises(ValueError, match="Unknown notice kind"):
        services.notice_send(recipient=participant, kind="gossip", message="Hello")
    assert not Notice.objects.filter(recipient=participant).exists()
