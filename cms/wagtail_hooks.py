"""Campaigns in the Wagtail admin, and the admin's side of the sign-off rule.

The rule itself is on the page models (participation/signoff.py); these hooks only
keep the editor from offering what the rule will refuse, and say why kindly.
"""

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from cms import admin_views, feedback_admin
from cms.models import CampaignPage
from participation.models import CampaignVotePage
from participation.signoff import REFUSAL, SignOffRequiredMixin, may_publish_directly
from participation.views.admin import WINNER_ACTIONS_HOOK

COPY_REFUSAL = (
    "Copies of campaigns and campaign votes start as drafts, so they can be signed off: "
    "untick “Publish copies” and copy again."
)


@hooks.register("register_admin_urls")
def register_campaign_admin_urls():
    return [path("campaigns/", include((admin_views.urlpatterns, "cms_admin")))]


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(feedback_admin.PERMISSION)


@hooks.register("register_admin_urls")
def register_feedback_admin_urls():
    return [path("feedback/", include((feedback_admin.urlpatterns, "cms_feedback")))]


@hooks.register("register_admin_menu_item")
def register_feedback_menu_item():
    return FeedbackMenuItem(
        "Page feedback", reverse("cms_feedback:report"), icon_name="comment", order=900
    )


@hooks.register(WINNER_ACTIONS_HOOK)
def start_campaign_action(request, nomination) -> str:
    """Beside each winner of a finished vote: start its campaign, or open the one started."""
    if not request.user.has_perm("cms.start_campaign"):
        return ""
    campaign = CampaignPage.objects.filter(nomination=nomination).first()
    return render_to_string(
        "cms/admin/winner_actions.html",
        {"nomination": nomination, "campaign": campaign},
        request=request,
    )


def _model_being_created(request):
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    try:
        content_type = ContentType.objects.get_by_natural_key(
            kwargs["content_type_app_name"], kwargs["content_type_model_name"]
        )
    except (KeyError, ContentType.DoesNotExist):
        return None
    return content_type.model_class()


@hooks.register("construct_page_action_menu")
def hide_publish_before_sign_off(menu_items, request, context):
    """A new campaign or campaign vote offers no Publish button to anyone but an
    administrator. (On an existing page the page's own permissions already hide it.)"""
    if context.get("view") != "create" or may_publish_directly(request.user):
        return
    model = _model_being_created(request)
    if model is not None and issubclass(model, SignOffRequiredMixin):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_publish_page")
def keep_a_draft_until_sign_off(request, page):
    """A Publish sent anyway (from the create view) keeps the draft and says why,
    rather than failing on the rule."""
    if isinstance(page, SignOffRequiredMixin) and not may_publish_directly(request.user):
        if page.live_revision_id is None:
            # The create view saves a new page as live before it asks to publish it.
            # It has never been published: it is a draft.
            Page.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
        messages.error(request, REFUSAL)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_copy_page")
def copy_as_drafts_before_sign_off(request, page):
    """Copying a live campaign or campaign vote with "Publish copies" would put a page
    live without sign-off."""
    if (
        request.method != "POST"
        or not request.POST.get("publish_copies")
        or may_publish_directly(request.user)
    ):
        return None
    pages = page.get_descendants(inclusive=True).live().type(CampaignPage, CampaignVotePage)
    if pages.exists():
        messages.error(request, COPY_REFUSAL)
        return redirect("wagtailadmin_pages:copy", page.pk)
    return None
