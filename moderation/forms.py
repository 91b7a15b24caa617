"""Forms for the queue and for reporting. They validate input; services make changes."""

from django import forms

from moderation import conf, registry
from moderation.models import HouseRuleReason, ModerationItem, Status
from moderation.redaction import Span, find_spans
from moderation.screening import FlagKind
from moderation.selectors import AgeFilter, FlagFilter


def _note_field(*, label: str, required: bool, help_text: str = "") -> forms.CharField:
    limit = conf.max_note_length()
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        strip=True,
        help_text=help_text or f"Up to {limit} characters.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Please write something here.",
            "max_length": f"Please keep this to {limit} characters or fewer "
            "(you have %(show_value)d).",
        },
    )


class QueueFilterForm(forms.Form):
    type = forms.TypedChoiceField(label="Type", required=False, coerce=int, empty_value=None)
    flag = forms.ChoiceField(
        label="Flag", required=False, choices=[("", "Any"), *FlagFilter.choices]
    )
    age = forms.ChoiceField(
        label="Waiting", required=False, choices=[("", "Any time"), *AgeFilter.choices]
    )
    status = forms.ChoiceField(label="State", required=False)

    def __init__(self, *args, statuses: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "All types")] + [
            (content_type_id, moderated.label.capitalize())
            for content_type_id, moderated in registry.content_types().items()
        ]
        self.fields["status"].choices = [("", "All")] + [
            (status, Status(status).label) for status in statuses
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "content_type_id": data.get("type"),
            "flag": data.get("flag") or "",
            "age": data.get("age") or "",
            "status": data.get("status") or "",
        }


class DecisionForm(forms.Form):
    """Every decision carries the version the moderator read, so an edit by the
    author in the meantime is caught instead of decided unseen."""

    prefix = "approve"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RejectForm(DecisionForm):
    prefix = "reject"
    reason = forms.ModelChoiceField(
        label="Reason (from the house rules)",
        queryset=HouseRuleReason.objects.filter(is_active=True),
        empty_label="Choose a reason",
        error_messages={"required": "Choose a reason from the house rules."},
    )
    note_to_author = forms.CharField()  # replaced in __init__ (the limit is a setting)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note_to_author"] = _note_field(
            label="Note to the author (optional)",
            required=False,
            help_text="Kind and plain: the young person reads this. Never quote their words.",
        )


class EscalateForm(DecisionForm):
    prefix = "escalate"
    reason = forms.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _note_field(
            label="Why are you escalating this?",
            required=True,
            help_text="Senior moderators read this. A sentence is enough.",
        )


class RedactForm(DecisionForm):
    prefix = "redact"
    spans = forms.MultipleChoiceField(
        label="Personal details found",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phrase = forms.CharField(
        label="Other words to remove",
        required=False,
        max_length=200,
        help_text="Copy the words exactly as written. Every place they appear is removed.",
    )

    def __init__(self, *args, item: ModerationItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        removed = [Span.from_dict(data) for data in item.redactions]

        def already_removed(flag) -> bool:
            return any(
                r.field == flag.field and r.start <= flag.start and flag.end <= r.end
                for r in removed
            )

        # Details already removed are not offered again (nor shown to those who may
        # not see the original words).
        self.fields["spans"].choices = [
            (f"{flag.field}:{flag.start}:{flag.end}", f"{flag.label}: “{flag.text}”")
            for flag in item.flag_list
            if flag.kind == FlagKind.PERSONAL and not already_removed(flag)
        ]
        self.fields["spans"].initial = [value for value, _ in self.fields["spans"].choices]

    def clean(self):
        cleaned = super().clean()
        spans = []
        for value in cleaned.get("spans") or []:
            field, start, end = value.rsplit(":", 2)
            spans.append(Span(field, int(start), int(end)))
        phrase = cleaned.get("phrase") or ""
        if phrase:
            found = find_spans(self.item.text_snapshot, phrase)
            if not found:
                self.add_error("phrase", "Those words aren't in the text. Copy them exactly.")
            spans.extend(found)
        if not spans and not self.errors:
            raise forms.ValidationError("Choose the words to remove.")
        cleaned["span_list"] = spans
        return cleaned


class ReportForm(forms.Form):
    reason = forms.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _note_field(
            label="What's wrong with it?",
            required=True,
            help_text="For example: it shares someone's personal details, or it is unkind. "
            "A moderator will look at it.",
        )
