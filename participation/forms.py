import contextlib
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from config.ids import IdModelChoiceField
from moderation import selectors as moderation_selectors
from participation import services
from participation.display_names import MAX_LENGTH
from participation.eligibility import TOO_OLD_MESSAGE, TOO_YOUNG_MESSAGE, date_of_birth_problems
from participation.regions import Region
from participation.selectors.participants import display_name_problems
from participation.text import plain

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y"]


class ProfileFieldsMixin(forms.Form):
    """The questions that make a verified user a participant."""

    display_name = forms.CharField(
        label="Display name",
        max_length=MAX_LENGTH,
        help_text=(
            "This is the only name other people see. Don't use your real name or "
            "anything from your email address."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        input_formats=DATE_INPUT_FORMATS,
        help_text="For example, 27/03/2009. Nobody else sees this.",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": "Enter your date of birth as day/month/year, for example 27/03/2009."
        },
    )
    region = forms.ChoiceField(
        label="Where do you live?",
        choices=[("", "Choose where you live")] + list(Region.choices),
        help_text="We use this to check that young people from every part of the UK are heard.",
    )
    accept_house_rules = forms.BooleanField(
        label="I have read and agree to the house rules",
        error_messages={"required": "You need to agree to the house rules to take part."},
    )

    def _email_for_name_check(self) -> str:
        return ""

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        if (born := cleaned.get("date_of_birth")) is not None:
            for problem in date_of_birth_problems(born, today=today):
                self.add_error("date_of_birth", problem)
        if name := cleaned.get("display_name"):
            for problem in display_name_problems(
                name, email=self._email_for_name_check(), user=getattr(self, "user", None)
            ):
                self.add_error("display_name", problem)
        return cleaned

    def profile_answers(self) -> dict:
        """The valid answers, as `services.participant_profile_complete` takes them."""
        return {
            "display_name": self.cleaned_data["display_name"],
            "date_of_birth": self.cleaned_data["date_of_birth"],
            "region": self.cleaned_data["region"],
            "accepted_house_rules": self.cleaned_data["accept_house_rules"],
        }

    @property
    def age_refused(self) -> bool:
        """True when the only way forward is signposting elsewhere (age out of range)."""
        messages = self.errors.get("date_of_birth", [])
        return any(m in (TOO_YOUNG_MESSAGE, TOO_OLD_MESSAGE) for m in messages)


class ParticipantSignupForm(ProfileFieldsMixin):
    """Fields allauth adds to its sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    field_order = [
        "email",
        "password1",
        "password2",
        "display_name",
        "date_of_birth",
        "region",
        "accept_house_rules",
    ]

    def _email_for_name_check(self) -> str:
        return self.cleaned_data.get("email") or self.data.get("email", "")

    def signup(self, request, user) -> None:
        # Only a name taken between validation and save is refused here; the person can
        # finish on the complete-profile step, which asks again.
        with contextlib.suppress(ValidationError):
            services.participant_profile_complete(user=user, **self.profile_answers())


class ProfileCompleteForm(ProfileFieldsMixin):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if user.date_of_birth:
            self.fields["date_of_birth"].disabled = True
            self.fields["date_of_birth"].initial = user.date_of_birth
            self.fields["date_of_birth"].help_text = "Contact us if this is wrong."

    def _email_for_name_check(self) -> str:
        return self.user.email


class ProfileUpdateForm(forms.Form):
    display_name = ProfileFieldsMixin.base_fields["display_name"]
    region = ProfileFieldsMixin.base_fields["region"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if name := cleaned.get("display_name"):
            for problem in display_name_problems(name, email=self.user.email, user=self.user):
                self.add_error("display_name", problem)
        return cleaned


SUMMARY_LENGTH = 140


def nomination_summary(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The start of a nomination's text on one line, cut at a word, so that two
    nominations with the same title can be told apart on a ballot."""
    words = " ".join(plain(text).split())
    if len(words) <= limit:
        return words
    cut = words[: limit + 1].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
    return re.sub(r"[\s,;:.!?\-–—]+$", "", cut) + "…"


@dataclass(frozen=True)
class BallotChoice:
    """One nomination on a ballot paper: its title, a line from its text, and (ranked)
    its rank field or (approval) whether it is ticked."""

    nomination: object
    summary: str
    field: object = None
    checked: bool = False


class ApprovalBallotForm(forms.Form):
    """Tick up to K nominations. Works without JavaScript."""

    def __init__(self, *args, round, nominations, initial_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.nominations = list(nominations)
        self.fields["choices"] = forms.TypedMultipleChoiceField(
            label=f"Choose up to {round.max_choices}",
            choices=[(n.pk, n.title) for n in self.nominations],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            initial=list(initial_choices),
            error_messages={
                "required": "Choose at least one before you send your vote.",
                "invalid_choice": "One of your choices isn't on this ballot. Please choose again.",
            },
        )

    def choice_items(self) -> list[BallotChoice]:
        ticked = {str(value) for value in (self["choices"].value() or [])}
        return [
            BallotChoice(n, nomination_summary(n.description), checked=str(n.pk) in ticked)
            for n in self.nominations
        ]

    def clean_choices(self):
        choices = self.cleaned_data["choices"]
        if len(choices) > self.round.max_choices:
            raise forms.ValidationError(
                f"You can choose up to {self.round.max_choices}. Please untick some."
            )
        return choices


class RankedBallotForm(forms.Form):
    """Give a rank (1 = most wanted) to up to K nominations. Works without JavaScript."""

    def __init__(self, *args, round, nominations, initial_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.nominations = list(nominations)
        ranks = [("", "Not ranked")] + [(str(r), f"{r}") for r in range(1, round.max_choices + 1)]
        current = {pk: rank for rank, pk in enumerate(initial_choices, start=1)}
        for nomination in self.nominations:
            self.fields[f"rank_{nomination.pk}"] = forms.TypedChoiceField(
                label=nomination.title,
                choices=ranks,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(nomination.pk, ""),
                error_messages={"invalid_choice": "Choose a rank from the list."},
            )

    def clean(self):
        cleaned = super().clean()
        ranked = [
            (rank, nomination.pk)
            for nomination in self.nominations
            if (rank := cleaned.get(f"rank_{nomination.pk}")) is not None
        ]
        if not ranked:
            raise forms.ValidationError("Give at least one a rank before you send your vote.")
        ranks = [rank for rank, _ in ranked]
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError("Each rank can only be used once. Please check your ranks.")
        cleaned["choices"] = [pk for _, pk in sorted(ranked)]
        return cleaned

    def rank_fields(self):
        return [(nomination, self[f"rank_{nomination.pk}"]) for nomination in self.nominations]

    def choice_items(self) -> list[BallotChoice]:
        return [
            BallotChoice(n, nomination_summary(n.description), field=self[f"rank_{n.pk}"])
            for n in self.nominations
        ]


def ballot_form_class(round):
    return RankedBallotForm if round.is_ranked else ApprovalBallotForm


PERSONAL_DETAILS = "personal_details"


class PersonalDetailsCheckMixin(forms.Form):
    """Before anything is saved, ask the author to take out personal details.

    A question, not a rule: ticking "Send it anyway" sends the words as they are, and
    the moderator still sees the flag because the service screens them again. So it
    lives here, in the form, and not in the service.
    """

    screened_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Added last so it sits under the words it is about.
        self.fields["send_anyway"] = forms.BooleanField(
            label=(
                "Send it anyway — I understand a moderator will check it and may remove "
                "these details"
            ),
            required=False,
        )
        self.personal_detail_warnings: list[str] = []

    def clean(self):
        cleaned = super().clean()
        words = {name: plain(cleaned.get(name) or "") for name in self.screened_fields}
        self.personal_detail_warnings = moderation_selectors.personal_detail_warnings_for(words)
        if self.personal_detail_warnings and not cleaned.get("send_anyway"):
            raise ValidationError(
                [ValidationError(w, code=PERSONAL_DETAILS) for w in self.personal_detail_warnings]
            )
        return cleaned

    @property
    def asks_about_personal_details(self) -> bool:
        """True when the warning is showing and the author has not said to send anyway."""
        return any(error.code == PERSONAL_DETAILS for error in self._non_field_error_list())

    @property
    def only_asks_about_personal_details(self) -> bool:
        """True when nothing is wrong: the author only needs to answer the warning."""
        return self.asks_about_personal_details and not (
            self.other_non_field_errors or set(self.errors) - {NON_FIELD_ERRORS}
        )

    @property
    def other_non_field_errors(self) -> list[str]:
        """Non-field errors apart from the warning, which the template shows on its own."""
        return [
            message
            for error in self._non_field_error_list()
            if error.code != PERSONAL_DETAILS
            for message in error.messages
        ]

    def _non_field_error_list(self) -> list[ValidationError]:
        return self.errors.as_data().get(NON_FIELD_ERRORS, [])


class NominationForm(PersonalDetailsCheckMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=120,
        help_text="A short name for the issue, up to 120 characters. For example: Free bus travel for under-18s.",
    )
    description = forms.CharField(
        label="What's the issue, and why does it matter?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Up to 2,000 characters. Please don't include names, schools, phone numbers or addresses.",
    )
    topic = IdModelChoiceField(label="Topic", queryset=None, empty_label="Choose a topic")

    screened_fields = ("title", "description", "note_1", "note_2", "note_3")
    EVIDENCE_SLOTS = (1, 2, 3)

    def __init__(self, *args, campaign_vote, **kwargs):
        from evidence.models import EvidenceSnippet, Topic

        super().__init__(*args, **kwargs)
        topics = campaign_vote.topics.all()
        self.fields["topic"].queryset = topics if topics.exists() else Topic.objects.all()
        published = EvidenceSnippet.objects.filter(live=True).order_by("headline")
        for n in self.EVIDENCE_SLOTS:
            self.fields[f"evidence_{n}"] = IdModelChoiceField(
                label=f"Evidence {n} (optional)",
                queryset=published,
                required=False,
                empty_label="No evidence",
                help_text="A fact from the charity's data that backs your idea." if n == 1 else "",
                error_messages={
                    "invalid_choice": "That evidence isn't published any more. Please choose again."
                },
            )
            self.fields[f"note_{n}"] = forms.CharField(
                label=f"Why evidence {n} backs your idea (optional)",
                required=False,
                max_length=200,
                help_text="Up to 200 characters. A volunteer reads it too.",
            )

    def evidence(self) -> list[tuple]:
        """The chosen snippets with their notes, for the service."""
        data = self.cleaned_data
        return [
            (data[f"evidence_{n}"], data.get(f"note_{n}", ""))
            for n in self.EVIDENCE_SLOTS
            if data.get(f"evidence_{n}")
        ]


class StatementForm(PersonalDetailsCheckMixin, forms.Form):
    screened_fields = ("text",)

    text = forms.CharField(
        label="Why does this matter to you?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Up to 500 characters. A volunteer reads it before it goes on the site.",
    )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label="Your receipt code",
        max_length=20,
        help_text="For example ABCD-EFGH-JKLM. You were given it when you voted.",
    )
