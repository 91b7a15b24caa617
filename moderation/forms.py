"""Forms for the queue and for reporting. They validate input; services make changes."""

from django import forms

from moderation import conf, escalations, registry
from moderation.models import (
    CASE_MOVES,
    EscalationKind,
    HouseRuleReason,
    ModerationItem,
    SafeguardingActionType,
    Status,
)
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


MAX_ID = 2**63 - 1  # the largest id the database holds; anything above is not an item


class DecisionForm(forms.Form):
    """Every decision carries the version the moderator read, so an edit by the
    author in the meantime is caught instead of decided unseen."""

    prefix = "approve"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    confirmed = forms.BooleanField(
        required=False, label="Yes, approve it anyway", widget=forms.HiddenInput
    )


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
    kind = forms.ChoiceField(
        label="What kind of question is it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of question this is."},
    )
    reason = forms.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = escalations.choices()
        self.fields["reason"] = _note_field(
            label="Why are you escalating this?",
            required=True,
            help_text="Senior moderators read this. A sentence is enough.",
        )


class RiskEscalateForm(DecisionForm):
    """One click for a volunteer: a risk-flagged item goes as safeguarding, with the
    reason filled in (they may add to it)."""

    prefix = "escalate"
    kind = forms.CharField(widget=forms.HiddenInput, initial=EscalationKind.SAFEGUARDING)
    reason = forms.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _note_field(
            label="Why (filled in for you; add anything you noticed)",
            required=True,
        )


class ClearRiskForm(forms.Form):
    prefix = "clear"
    reason = forms.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _note_field(
            label="Why is this a false alarm?",
            required=True,
            help_text="For example: “kill” is about a policy, not a person. Recorded in the audit log.",
        )


class CaseRecordForm(forms.Form):
    action_type = forms.ModelChoiceField(
        label="What did you do?",
        required=False,
        queryset=SafeguardingActionType.objects.filter(is_active=True),
        empty_label="Nothing to record (a note only)",
    )
    note = forms.CharField()
    status = forms.ChoiceField(label="Case status", required=False)
    follow_up_on = forms.DateField(
        label="Follow up on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When someone should look at this case again.",
        error_messages={"invalid": "Enter a date, like 14/12/2026."},
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"] = _note_field(
            label="Note",
            required=False,
            help_text="What happened, who you spoke to, what comes next. Required when "
            "closing or reopening.",
        )
        moves = [("", "Leave as it is")]
        if case is not None:
            moves += [
                (target.value, target.label)
                for source, target in sorted(CASE_MOVES)
                if source == case.status
            ]
        self.fields["status"].choices = moves


class CaseMessageForm(forms.Form):
    template = forms.ChoiceField(
        label="Message", widget=forms.RadioSelect, error_messages={"required": "Choose a message."}
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = list(templates)


class ItemIdsField(forms.TypedMultipleChoiceField):
    """Item ids ticked in the queue: any whole number an item could have (the service
    says which can't be decided); anything else is refused, never a crash."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value) -> bool:
        text = str(value)
        return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for each in value:
            if not self.valid_value(each):
                raise forms.ValidationError(
                    "Some of the chosen items aren't items. Please reload the page."
                )


class BulkDecisionForm(forms.Form):
    prefix = "bulk"
    ACTIONS = [("reject", "Don't approve"), ("escalate", "Escalate")]

    items = ItemIdsField(error_messages={"required": "Choose at least one item."})
    action = forms.ChoiceField(label="Do this to the chosen items", choices=ACTIONS)
    reason = forms.ModelChoiceField(
        label="Reason (for “Don't approve”)",
        required=False,
        queryset=HouseRuleReason.objects.filter(is_active=True),
        empty_label="Choose a reason",
    )
    kind = forms.ChoiceField(label="Kind (for “Escalate”)", required=False)
    note = forms.CharField(
        label="Why (for “Escalate”)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", "Choose a kind"),
            *(c for c in escalations.choices() if c[0] != EscalationKind.SAFEGUARDING),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("reason"):
            self.add_error("reason", "Choose a reason from the house rules.")
        if cleaned.get("action") == "escalate":
            if not cleaned.get("kind"):
                self.add_error("kind", "Choose what kind of question this is.")
            if not (cleaned.get("note") or "").strip():
                self.add_error("note", "Please write why you are escalating these.")
        return cleaned


class SupportRequestForm(forms.Form):
    message = forms.CharField(
        label="Anything you'd like to say (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only your team lead sees this. You don't have to say what you read.",
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
