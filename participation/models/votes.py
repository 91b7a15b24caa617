"""Campaign votes (a Wagtail page) and their rounds."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from participation.counting import METHODS
from participation.results_story import round_method_sentence
from participation.signoff import SignOffRequiredMixin

METHOD_CHOICES = [(spec.name, spec.display_name) for spec in METHODS.values()]


class RoundState(models.TextChoices):
    SCHEDULED = "scheduled", "Not open yet"
    OPEN = "open", "Voting open"
    COUNTING = "counting", "Counting"
    CLOSED = "closed", "Results published"


class VotePhase(models.TextChoices):
    UPCOMING = "upcoming", "Coming soon"
    NOMINATIONS_OPEN = "nominations_open", "Nominations open"
    PREPARING = "preparing", "Getting the vote ready"
    VOTING = "voting", "Voting open"
    COUNTING = "counting", "Counting"
    BETWEEN_ROUNDS = "between_rounds", "Between rounds"
    RESULTS = "results", "Results"


@dataclass(frozen=True)
class Standing:
    """Where a campaign vote stands now, for the page banner."""

    phase: VotePhase
    round: Round | None
    next_change: dt.datetime | None


class CampaignVotePage(SignOffRequiredMixin, RoutablePageMixin, Page):
    """One participation process: a nomination window, then one or more voting rounds.

    Goes live after sign-off (participation/signoff.py): only administrators publish
    it directly.
    """

    introduction = RichTextField(features=["bold", "italic", "link", "ul", "ol"])
    topics = ParentalManyToManyField("evidence.Topic", blank=True, related_name="campaign_votes")
    nominations_open_at = models.DateTimeField("nominations open")
    nominations_close_at = models.DateTimeField("nominations close")

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("nominations_open_at"), FieldPanel("nominations_close_at")]
                )
            ],
            heading="Nomination window (UK time)",
        ),
        InlinePanel("rounds", heading="Rounds", label="Round", min_num=1),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    # Its admin form (participation/forms_admin.py) and its routes, each handing over to
    # a view (participation/views/routes.py), are put on the class by the app's ready():
    # the model imports neither forms nor views.
    template = "participation/campaign_vote_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "campaign vote"

    def save(self, *args, **kwargs):
        # The page and its rounds are saved together: when a round refuses a change
        # (it has opened, see Round.save), nothing of the publish is kept.
        with transaction.atomic():
            return super().save(*args, **kwargs)

    def ordered_rounds(self) -> list[Round]:
        return sorted(self.rounds.all(), key=lambda r: (r.sort_order or 0, r.pk or 0))

    def prefetch_rounds(self) -> CampaignVotePage:
        """Read the rounds with their results once for this instance.

        Answering one request reads them many times over (the banner, the list of
        rounds, each round's number, label and state, the next round): without this
        each of those is a query, so every round added to a vote cost more queries.
        A page previewed from a revision keeps its rounds in memory; they still win.
        """
        models.prefetch_related_objects(
            [self], models.Prefetch("rounds", queryset=Round.objects.select_related("result"))
        )
        return self

    def standing(self, now: dt.datetime | None = None) -> Standing:
        now = now or timezone.now()
        if now < self.nominations_open_at:
            return Standing(VotePhase.UPCOMING, None, self.nominations_open_at)
        if now < self.nominations_close_at:
            return Standing(VotePhase.NOMINATIONS_OPEN, None, self.nominations_close_at)
        rounds = self.ordered_rounds()
        for index_, round_ in enumerate(rounds):
            state = round_.state(now)
            if state == RoundState.OPEN:
                return Standing(VotePhase.VOTING, round_, round_.closes_at)
            if state == RoundState.COUNTING:
                return Standing(VotePhase.COUNTING, round_, None)
            if state == RoundState.SCHEDULED:
                phase = VotePhase.PREPARING if index_ == 0 else VotePhase.BETWEEN_ROUNDS
                return Standing(phase, round_, round_.opens_at)
        return Standing(VotePhase.RESULTS, rounds[-1] if rounds else None, None)

    def nominations_are_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.nominations_open_at <= now < self.nominations_close_at


def _same(new, stored) -> bool:
    """Equal as a revision keeps them: its JSON holds times to the millisecond only, so a
    round published from a revision must not look changed by the microseconds lost."""
    if isinstance(new, dt.datetime) and isinstance(stored, dt.datetime):
        return abs(new - stored) < dt.timedelta(milliseconds=1)
    return new == stored


ROUND_LOCKED_MESSAGE = (
    "{label} has opened, so its counting method, times and numbers can't change "
    "and it can't be removed: people may already have voted."
)


class Round(Orderable):
    """One vote inside a campaign vote. Its settings cannot change once it has opened.

    The rule is kept here, in `save` and `delete`, because every way a round is
    written passes through them: the admin form, publishing a revision (an older one,
    or one scheduled to go live later) and code. The admin form checks first, to show
    the message beside the round.
    """

    LOCKED_FIELDS = ("method", "opens_at", "closes_at", "advance_count", "max_choices")

    page = ParentalKey(CampaignVotePage, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(max_length=120, blank=True, help_text="Optional, e.g. 'Shortlist'.")
    method = models.CharField("counting method", max_length=20, choices=METHOD_CHOICES)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    advance_count = models.PositiveSmallIntegerField(
        "how many advance",
        default=3,
        help_text="How many nominations go through to the next round (or win, in the last round).",
    )
    max_choices = models.PositiveSmallIntegerField(
        "most choices per ballot",
        default=3,
        help_text="The most nominations a voter may tick (approval) or rank (ranked methods).",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("method"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("advance_count"), FieldPanel("max_choices")]),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="participation_round_closes_after_opening",
                violation_error_message="A round must close after it opens.",
            ),
            models.CheckConstraint(
                condition=models.Q(advance_count__gte=1) & models.Q(max_choices__gte=1),
                name="participation_round_counts_positive",
                violation_error_message="How many advance, and the most choices, must be at least 1.",
            ),
        ]
        indexes = [models.Index(fields=["closes_at"], name="participation_round_closes")]

    def __str__(self) -> str:
        return f"{self.page.title}: {self.label}"

    def locked_changes(self, now: dt.datetime | None = None) -> list[str]:
        """The locked settings this unsaved version would change on the stored round,
        when the stored round has opened (an empty list otherwise)."""
        if self.pk is None:
            return []
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None or not stored.has_opened(now):
            return []
        return [f for f in self.LOCKED_FIELDS if not _same(getattr(self, f), getattr(stored, f))]

    def _stored_has_opened(self) -> bool:
        stored = type(self).objects.filter(pk=self.pk).values_list("opens_at", flat=True).first()
        return stored is not None and stored <= timezone.now()

    def save(self, *args, **kwargs):
        if self.locked_changes():
            raise ValidationError(ROUND_LOCKED_MESSAGE.format(label=self.label), code="locked")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and self._stored_has_opened():
            raise ValidationError(ROUND_LOCKED_MESSAGE.format(label=self.label), code="locked")
        return super().delete(*args, **kwargs)

    @property
    def number(self) -> int:
        return next(
            (i for i, r in enumerate(self.page.ordered_rounds(), start=1) if r.pk == self.pk), 1
        )

    @property
    def label(self) -> str:
        return self.title or f"Round {self.number}"

    @property
    def spec(self):
        return METHODS[self.method]

    @property
    def is_ranked(self) -> bool:
        return self.spec.ballot_kind == "ranked"

    @property
    def method_explanation(self) -> str:
        """How this round is counted, in the one sentence every page and the API use."""
        return round_method_sentence(self)

    def state(
        self, now: dt.datetime | None = None, *, has_result: bool | None = None
    ) -> RoundState:
        """Where the round stands at `now`; `has_result` when the caller already knows."""
        now = now or timezone.now()
        if has_result is None:
            has_result = self.result_or_none() is not None
        if has_result:
            return RoundState.CLOSED
        if now < self.opens_at:
            return RoundState.SCHEDULED
        if now < self.closes_at:
            return RoundState.OPEN
        return RoundState.COUNTING

    def result_or_none(self):
        from participation.models.ballots import RoundResult

        try:
            return self.result
        except RoundResult.DoesNotExist:
            return None

    def has_opened(self, now: dt.datetime | None = None) -> bool:
        return self.opens_at <= (now or timezone.now())

    def next_round(self) -> Round | None:
        rounds = self.page.ordered_rounds()
        for current, following in itertools.pairwise(rounds):
            if current.pk == self.pk:
                return following
        return None

    @property
    def is_last(self) -> bool:
        return self.next_round() is None
