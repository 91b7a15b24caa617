from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Participation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from moderation import registry
        from pagecache import register_schedule
        from participation import moderation_hooks
        from participation.forms_admin import CampaignVotePageForm
        from participation.models import CampaignVotePage
        from participation.schedule import next_scheduled_change
        from participation.services import notifications
        from participation.views import routes as vote_routes

        # The page model imports no form or view: its admin form and its routes are put
        # on it here, before Wagtail builds its edit handler or routes a request.
        CampaignVotePage.base_form_class = CampaignVotePageForm
        vote_routes.attach()
        moderation_hooks.register()
        register_schedule(next_scheduled_change)
        # Moderation asks this before every notice: people's email preferences live here.
        registry.set_notice_policy(notifications.notice_delivery)
        # Duplicate-account signals at sign-up and log-in (services/signals.py).
        from participation import account_receivers

        account_receivers.connect()
