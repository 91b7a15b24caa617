"""The policy team's forms in the admin: merge, mark ineligible, shortlist."""

from django import forms

from config.ids import IdModelChoiceField, IdModelMultipleChoiceField
from participation.models import Nomination


class MergeForm(forms.Form):
    target = IdModelChoiceField(
        label="Merge into",
        queryset=Nomination.objects.none(),
        help_text="Supporters and statements move to this nomination. Both authors are told.",
    )

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Nomination.objects.active()
            .filter(campaign_vote=nomination.campaign_vote)
            .exclude(pk=nomination.pk)
        )


class IneligibleForm(forms.Form):
    reason = forms.CharField(
        label="Reason, for the author",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kind and plain: the author reads this. Up to 300 characters.",
    )


class ShortlistForm(forms.Form):
    nominations = IdModelMultipleChoiceField(
        label="On the ballot",
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={
            "required": "Choose at least two nominations for the ballot.",
            "invalid_choice": "One of the ticked nominations can't go on this ballot. Please reload the page and choose again.",
            "invalid_pk_value": "One of the ticked nominations can't go on this ballot. Please reload the page and choose again.",
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = candidates

    def clean_nominations(self):
        chosen = self.cleaned_data["nominations"]
        if len(chosen) < 2:
            raise forms.ValidationError("Choose at least two nominations for the ballot.")
        return chosen
