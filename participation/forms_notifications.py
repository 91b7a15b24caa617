"""The notification preferences form: one email switch per kind people may turn off."""

from django import forms

from participation.models import NotificationPreferences


def _switch(name: str) -> forms.BooleanField:
    field = NotificationPreferences._meta.get_field(name)
    return forms.BooleanField(required=False, label=field.verbose_name, help_text=field.help_text)


class NotificationPreferencesForm(forms.Form):
    email_decisions = _switch("email_decisions")
    email_round_openings = _switch("email_round_openings")
    email_campaign_updates = _switch("email_campaign_updates")
