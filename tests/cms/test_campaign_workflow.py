"""Sign-off: campaigns and campaign votes go live after the policy team and a senior
moderator approve them; only administrators publish them directly, by any path."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms import roles
from cms.models import CampaignAnnouncement, CampaignPage
from moderation.models import Notice
from participation.models import CampaignVotePage
from participation.signoff import SIGN_OFF_WORKFLOW
from tests.cms.campaigns import campaign_index, campaign_page, finished_vote
from tests.participation.factories import campaign_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(site):
    return campaign_index(site)


@pytest.fixture
def draft(index):
    return campaign_page(index, slug="draft-campaign", live=False)


@pytest.fixture
def vote_draft():
    page = campaign_vote(open_round=None)
    Page.objects.filter(pk=page.pk).update(live=False)
    return CampaignVotePage.objects.get(pk=page.pk)


def test_the_sign_off_workflow_exists_with_its_two_steps_in_order():
    workflow = Workflow.objects.get(name=SIGN_OFF_WORKFLOW)
    assert workflow.active
    steps = [
        (task.name, list(task.specific.groups.values_list("name", flat=True)))
        for task in workflow.tasks
    ]
    assert steps == [
        ("Policy team review", [roles.POLICY_TEAM]),
        ("Senior approval", [roles.SENIOR_MODERATOR]),
    ]
    # The starter workflow nobody could approve is switched off, and covers no pages.
    starter = Workflow.objects.get(name="Moderators approval")
    assert not starter.active and not starter.workflow_pages.exists()


def test_both_page_types_take_it_wherever_they_are(draft, vote_draft, site):
    assert draft.get_workflow().name == SIGN_OFF_WORKFLOW and draft.has_workflow
    assert vote_draft.get_workflow().name == SIGN_OFF_WORKFLOW
    assert site.root_page.specific.get_workflow() is None  # other pages: no workflow


def page_form(page, **fields) -> dict:
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "status": page.status,
        "what_we_will_do": rich_text("<p>Meet the council.</p>"),
        "topics": [topic.pk for topic in page.topics.all()],
        "updates": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def edit(client, page, **action):
    return client.post(f"/admin/pages/{page.pk}/edit/", {**page_form(page), **action})


@pytest.mark.parametrize("who", ["policy_editor", "senior_moderator"])
def test_only_administrators_may_publish_either_page_type(request, draft, vote_draft, who):
    user = request.getfixturevalue(who)
    for page in (draft, vote_draft):
        assert not page.permissions_for_user(user).can_publish()
        # A plain Page from a listing answers the same as the page itself.
        assert not Page.objects.get(pk=page.pk).permissions_for_user(user).can_publish()
        with pytest.raises(PermissionDenied, match="goes live after sign-off"):
            page.save_revision(user=user).publish(user=user)
        with pytest.raises(PermissionDenied):
            PublishBulkAction.execute_action([Page.objects.get(pk=page.pk)], user=user)
        page.refresh_from_db()
        assert not page.live


def test_a_policy_team_publish_from_the_editor_keeps_a_draft(client_for, policy_editor, draft):
    client = client_for(policy_editor)
    editor = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in editor
    assert "Submit to Campaign sign-off" in editor
    response = edit(client, draft, **{"action-publish": "action-publish"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert "Meet the council." in draft.get_latest_revision().as_object().what_we_will_do


def test_creating_a_campaign_offers_no_publish_and_a_publish_sent_anyway_keeps_a_draft(
    client_for, policy_editor, index
):
    client = client_for(policy_editor)
    url = f"/admin/pages/add/cms/campaignpage/{index.pk}/"
    assert 'name="action-publish"' not in client.get(url).content.decode()
    fresh = CampaignPage(title="New campaign", slug="new-campaign", summary="About it.")
    response = client.post(url, {**page_form(fresh), "action-publish": "action-publish"})
    page = CampaignPage.objects.get(slug="new-campaign")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live
    followed = client.get(response["Location"]).content.decode()
    assert "goes live after sign-off" in followed


def test_copying_a_live_campaign_vote_as_live_is_refused(client_for, policy_editor, site):
    vote = campaign_vote(open_round=None)
    client = client_for(policy_editor)
    copy = {"new_title": "Copy", "new_slug": "copy-of-vote", "new_parent_page": site.root_page.pk}
    url = f"/admin/pages/{vote.pk}/copy/"
    response = client.post(url, {**copy, "publish_copies": "on"}, follow=True)
    assert "Copies of campaigns and campaign votes start as drafts" in response.content.decode()
    assert not CampaignVotePage.objects.filter(slug="copy-of-vote").exists()
    client.post(url, copy)
    assert not CampaignVotePage.objects.get(slug="copy-of-vote").live


def approve(client, page):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    return client.post(url, {"comment": ""})


def test_policy_review_then_senior_approval_publishes_it(
    client_for, policy_editor, senior_moderator, volunteer, index
):
    vote = finished_vote(volunteer)
    page = campaign_page(index, slug="signed-off", live=False, nomination=vote.winner)
    policy = client_for(policy_editor)
    senior = client_for(senior_moderator)
    assert edit(policy, page, **{"action-submit": "action-submit"}).status_code == 302
    state = WorkflowState.objects.for_instance(page).get()
    assert state.workflow.name == SIGN_OFF_WORKFLOW
    assert state.current_task_state.task.name == "Policy team review"
    # The senior moderator's step hasn't started: nothing for them to approve yet.
    approve(senior, page)
    state.refresh_from_db()
    assert state.current_task_state.task.name == "Policy team review"
    approve(policy, page)
    state.refresh_from_db()
    assert state.current_task_state.task.name == "Senior approval"
    approve(policy, page)  # the policy team can't do both steps
    page.refresh_from_db()
    assert not page.live
    approve(senior, page)
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED

    told = Notice.objects.filter(kind="campaign_update")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [vote.author.pk] + [s.pk for s in vote.supporters]
    )
    assert "your nomination “Clean air”" in told.get(recipient=vote.author).message
    assert told.get(recipient=vote.author).link == page.url


def test_an_edit_after_sign_off_needs_signing_off_again(
    senior_moderator, policy_editor, client_for, draft
):
    policy = client_for(policy_editor)
    edit(policy, draft, **{"action-submit": "action-submit"})
    approve(policy, draft)
    approve(client_for(senior_moderator), draft)
    draft.refresh_from_db()
    assert draft.live
    draft.summary = "Changed after sign-off."
    revision = draft.save_revision(user=senior_moderator)
    with pytest.raises(PermissionDenied):
        revision.publish(user=senior_moderator)
    draft.refresh_from_db()
    assert draft.summary != "Changed after sign-off."


def test_the_policy_team_can_submit_a_campaign_vote_for_sign_off(
    client_for, policy_editor, vote_draft
):
    from participation.signoff import sign_off_workflow

    editor = client_for(policy_editor).get(f"/admin/pages/{vote_draft.pk}/edit/")
    assert 'name="action-publish"' not in editor.content.decode()
    assert "Submit to Campaign sign-off" in editor.content.decode()
    vote_draft.save_revision(user=policy_editor)
    sign_off_workflow().start(vote_draft, policy_editor)
    state = WorkflowState.objects.for_instance(vote_draft).get()
    assert state.workflow.name == SIGN_OFF_WORKFLOW
    assert state.current_task_state.task.name == "Policy team review"


def test_an_administrator_publishes_directly(client_for, admin, draft, vote_draft):
    client = client_for(admin)
    assert 'name="action-publish"' in client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    edit(client, draft, **{"action-publish": "action-publish"})
    draft.refresh_from_db()
    assert draft.live
    vote_draft.save_revision(user=admin).publish(user=admin)
    vote_draft.refresh_from_db()
    assert vote_draft.live


def test_publishing_tells_the_author_and_supporters_once(admin, volunteer, index):
    vote = finished_vote(volunteer)
    page = campaign_page(index, slug="told-once", live=False, nomination=vote.winner)
    page.save_revision(user=admin).publish(user=admin)
    page.refresh_from_db()
    assert Notice.objects.filter(kind="campaign_update").count() == 3
    page.title = "Clean air near every school"
    page.save_revision(user=admin).publish(user=admin)
    page.unpublish()
    page.save_revision(user=admin).publish(user=admin)
    assert Notice.objects.filter(kind="campaign_update").count() == 3
    assert CampaignAnnouncement.objects.filter(campaign=page).count() == 3


def test_a_campaign_without_a_nomination_tells_nobody(admin, draft):
    draft.save_revision(user=admin).publish(user=admin)
    assert not Notice.objects.filter(kind="campaign_update").exists()


def test_code_without_a_user_may_publish(draft):
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.live


def test_the_policy_team_may_still_take_a_campaign_down(policy_editor, index):
    live = campaign_page(index, slug="live-one")
    assert live.permissions_for_user(policy_editor).can_unpublish()
    live.unpublish(user=policy_editor)
    live.refresh_from_db()
    assert not live.live
