"""The explorer's question, read from a query string and checked.

A view of the explorer *is* its query string, so a permalink reproduces it and the
downloads and the API read exactly the same parameters:

    topic    up to 4 topic slugs to compare (each counts the topics under it)
    channel  channel slugs (none: every channel)
    from/to  months, YYYY-MM (default: the page's last 12 months of data)
    age      one age band, or region: one nation or region (not both: the charity
             counts contacts by age or by area, never both at once)
    measure  count | share (a share of all contacts in the same month or group)
    view     trend (month by month) | breakdown (by channel, age band or region)
    by       channel | age_band | region, for a breakdown

Everything wrong with a query is reported at once, each in plain words beside its
field, and nothing is counted until the whole query is sound.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Max, Min
from django.http import QueryDict
from django.utils.formats import date_format

from evidence.models.statistics import AgeBand, TopicMonthTotal
from evidence.models.topics import Channel, Topic
from evidence.periods import months_ending
from evidence.regions import Region

MAX_TOPICS = 4
MAX_MONTHS = 60
MAX_VALUES = 20  # of one parameter: more is not a question, it's noise
MAX_LENGTH = 100  # of one value

PARAMETERS = ("topic", "channel", "from", "to", "age", "region", "measure", "view", "by")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Measure:
    COUNT = "count"
    SHARE = "share"
    choices = [(COUNT, "Number of contacts"), (SHARE, "Share of all contacts")]


class View:
    TREND = "trend"
    BREAKDOWN = "breakdown"
    choices = [(TREND, "Month by month"), (BREAKDOWN, "Broken down")]


class By:
    CHANNEL = "channel"
    AGE_BAND = "age_band"
    REGION = "region"
    choices = [(CHANNEL, "Channel"), (AGE_BAND, "Age band"), (REGION, "Nation or region")]


def month_label(month: dt.date) -> str:
    return date_format(month, "F Y")


@dataclass(frozen=True)
class DataRange:
    """The months there is any data for."""

    first: dt.date | None
    last: dt.date | None

    @classmethod
    def now(cls) -> DataRange:
        span = TopicMonthTotal.objects.aggregate(first=Min("month"), last=Max("month"))
        return cls(span["first"], span["last"])

    @property
    def months(self) -> list[dt.date]:
        if self.first is None or self.last is None:
            return []
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return months_ending(self.last, count)


@dataclass(frozen=True)
class ExplorerQuery:
    """A checked question: what to count, over which months, shown how."""

    topics: tuple[Topic, ...]
    channels: tuple[Channel, ...]
    first: dt.date
    last: dt.date
    age_band: str = ""
    region: str = ""
    measure: str = Measure.COUNT
    view: str = View.TREND
    by: str = By.CHANNEL
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def months(self) -> list[dt.date]:
        count = (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return months_ending(self.last, count)

    @property
    def period_label(self) -> str:
        first, last = month_label(self.first), month_label(self.last)
        return first if first == last else f"{first} to {last}"

    @property
    def age_band_label(self) -> str:
        return dict(AgeBand.choices).get(self.age_band, "")

    @property
    def region_label(self) -> str:
        return dict(Region.choices).get(self.region, "")

    @property
    def who(self) -> str:
        """Whose contacts, in words: "from 16–18 year olds", "from London", or ""."""
        if self.age_band:
            return f"from {self.age_band_label} year olds"
        if self.region:
            return f"from {self.region_label}"
        return ""

    def params(self) -> list[tuple[str, str]]:
        """The canonical query string's parameters: the same view always has the same link."""
        pairs = [("topic", topic.slug) for topic in self.topics]
        pairs += [("channel", channel.slug) for channel in self.channels]
        pairs += [("from", f"{self.first:%Y-%m}"), ("to", f"{self.last:%Y-%m}")]
        if self.age_band:
            pairs.append(("age", self.age_band))
        if self.region:
            pairs.append(("region", self.region))
        pairs += [("measure", self.measure), ("view", self.view)]
        if self.view == View.BREAKDOWN:
            pairs.append(("by", self.by))
        return pairs

    def querystring(self, **extra: str) -> str:
        return urlencode(self.params() + list(extra.items()))


def _without_blanks(data) -> QueryDict:
    """The query with empty values dropped (an unticked form sends none, a hand-made
    link may send `topic=`), as a QueryDict so repeated parameters stay lists."""
    clean = QueryDict(mutable=True)
    getlist = getattr(data, "getlist", None)
    for name in data:
        values = getlist(name) if getlist else [data[name]]
        values = [str(value) for value in values if str(value).strip()]
        if values:
            clean.setlist(name, values)
    return clean


class ExplorerForm(forms.Form):
    """Reads a query string into an `ExplorerQuery`, with a kind message for each mistake."""

    topic = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.select_related("parent"),
        to_field_name="slug",
        required=False,
        label="Topics to compare",
        help_text=f"Choose up to {MAX_TOPICS}. Each one counts the topics under it too.",
        error_messages={
            "invalid_choice": "We don't have a topic called “%(value)s”. Choose topics from the list.",
            "invalid_pk_value": "We don't have a topic called “%(pk)s”. Choose topics from the list.",
        },
    )
    channel = forms.ModelMultipleChoiceField(
        queryset=Channel.objects.all(),
        to_field_name="slug",
        required=False,
        label="Channels",
        help_text="Leave all unticked for every channel.",
        error_messages={
            "invalid_choice": "We don't have a channel called “%(value)s”. Choose channels from the list.",
            "invalid_pk_value": "We don't have a channel called “%(pk)s”. Choose channels from the list.",
        },
    )
    # "from" is a Python keyword: the field is added under its query-string name below.
    to = forms.CharField(required=False, label="To", max_length=MAX_LENGTH)
    age = forms.ChoiceField(
        choices=[("", "Everyone")] + list(AgeBand.choices),
        required=False,
        label="Age band",
        error_messages={"invalid_choice": "Choose an age band from the list."},
    )
    region = forms.ChoiceField(
        choices=[("", "The whole UK")] + list(Region.choices),
        required=False,
        label="Nation or region",
        error_messages={"invalid_choice": "Choose a nation or region from the list."},
    )
    measure = forms.ChoiceField(
        choices=Measure.choices,
        required=False,
        label="Show",
        error_messages={
            "invalid_choice": "Choose a number of contacts or a share of all contacts."
        },
    )
    view = forms.ChoiceField(
        choices=View.choices,
        required=False,
        label="As",
        error_messages={"invalid_choice": "Choose month by month or broken down."},
    )
    by = forms.ChoiceField(
        choices=By.choices,
        required=False,
        label="Broken down by",
        error_messages={"invalid_choice": "Choose channel, age band or nation or region."},
    )

    def __init__(
        self,
        data,
        *,
        default_topics: tuple[Topic, ...] = (),
        default_months: int = 12,
        data_range: DataRange | None = None,
    ):
        data = _without_blanks(data)
        super().__init__(data)
        self.fields = {
            "topic": self.fields["topic"],
            "channel": self.fields["channel"],
            "from": forms.CharField(required=False, label="From", max_length=MAX_LENGTH),
            **{name: f for name, f in self.fields.items() if name not in ("topic", "channel")},
        }
        self.default_topics = tuple(default_topics)[:MAX_TOPICS]
        self.default_months = max(1, min(default_months, MAX_MONTHS))
        self.data_range = data_range or DataRange.now()
        self._too_much = self._check_sizes(data)

    def _check_sizes(self, data) -> dict[str, str]:
        """Refuse absurd input before it reaches a query: hundreds of values, huge strings."""
        problems: dict[str, str] = {}
        getlist = getattr(data, "getlist", None)
        for name in PARAMETERS:
            values = getlist(name) if getlist else [data.get(name, "")]
            if len(values) > MAX_VALUES:
                problems[name] = f"That's too many choices at once ({len(values)})."
            elif any(len(value) > MAX_LENGTH for value in values):
                problems[name] = "That choice is far too long to be one of ours."
        return problems

    def full_clean(self):
        if self._too_much and self.is_bound:
            # Don't look anything up for a query that can't be sound.
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            for name, message in self._too_much.items():
                self._errors[name] = self.error_class([message])
            return
        super().full_clean()

    def clean_topic(self):
        topics = list(self.cleaned_data["topic"])
        if len(topics) > MAX_TOPICS:
            raise forms.ValidationError(
                f"Choose up to {MAX_TOPICS} topics to compare; you chose {len(topics)}."
            )
        chosen = {topic.pk for topic in topics}
        for topic in topics:
            if topic.parent_id in chosen:
                # Each topic already counts the ones under it: compared side by side, the
                # same contacts would be counted twice.
                raise forms.ValidationError(
                    f"{topic.name} is part of {topic.parent.name}, which counts it already. "
                    f"Compare {topic.name} with other topics, or choose {topic.parent.name} "
                    "on its own."
                )
        return topics

    def _month(self, name: str) -> dt.date | None:
        raw = (self.data.get(name) or "").strip()
        if not raw:
            return None
        match = MONTH.match(raw)
        if not match or not (1 <= int(match[2]) <= 12) or not (1900 <= int(match[1]) <= 2999):
            self.add_error(name, "Write the month as year and month, like 2026-03.")
            return None
        return dt.date(int(match[1]), int(match[2]), 1)

    def clean(self):
        cleaned = super().clean()
        first, last = self._month("from"), self._month("to")
        if self.errors.get("from") or self.errors.get("to"):
            return cleaned
        span = self.data_range
        notes = []
        if span.last is not None:
            last = last or span.last
            first = first or months_ending(last, self.default_months)[0]
            if first > last:
                self.add_error(
                    "from",
                    f"The start month ({month_label(first)}) is after the end month "
                    f"({month_label(last)}). Choose a start on or before the end.",
                )
                return cleaned
            if last < span.first or first > span.last:
                message = (
                    f"We only have data from {month_label(span.first)} to "
                    f"{month_label(span.last)}. Choose months in that range."
                )
                self.add_error("from" if first > span.last else "to", message)
                return cleaned
            if first < span.first or last > span.last:
                first, last = max(first, span.first), min(last, span.last)
                notes.append(
                    f"We have data from {month_label(span.first)} to {month_label(span.last)}, "
                    "so this shows that part of the months you chose."
                )
            months = (last.year - first.year) * 12 + last.month - first.month + 1
            if months > MAX_MONTHS:
                self.add_error(
                    "from", f"Choose at most {MAX_MONTHS} months at a time; you chose {months}."
                )
                return cleaned
        cleaned["first"], cleaned["last"] = first, last
        cleaned["notes"] = tuple(notes)
        if cleaned.get("age") and cleaned.get("region"):
            self.add_error(
                "region",
                "We count contacts by age or by area, never both at once (the groups "
                "would be too small to show). Choose an age band or a nation or region.",
            )
        view = cleaned.get("view") or View.TREND
        by = cleaned.get("by") or By.CHANNEL
        filtered = bool(cleaned.get("age") or cleaned.get("region"))
        if view == View.BREAKDOWN and by in (By.AGE_BAND, By.REGION) and filtered:
            self.add_error(
                "by",
                "A breakdown by age band or area counts everyone, so it can't be "
                "combined with an age band or area filter. Break down by channel, "
                "or set the age band and area back to everyone.",
            )
        return cleaned

    def to_query(self) -> ExplorerQuery | None:
        """The checked question; None when there is no data at all to ask about."""
        assert self.is_valid(), "to_query() needs a valid form"
        data = self.cleaned_data
        if data.get("first") is None:
            return None
        # The page's own choice of topics is for a first visit only: a query that says
        # anything at all and names no topic asks about every topic.
        asked = any(name in self.data for name in PARAMETERS)
        topics = tuple(data["topic"]) if asked else self.default_topics
        return ExplorerQuery(
            topics=tuple(sorted(topics, key=lambda topic: topic.name)),
            channels=tuple(sorted(data["channel"], key=lambda c: (c.sort_order, c.name))),
            first=data["first"],
            last=data["last"],
            age_band=data.get("age") or "",
            region=data.get("region") or "",
            measure=data.get("measure") or Measure.COUNT,
            view=data.get("view") or View.TREND,
            by=data.get("by") or By.CHANNEL,
            notes=data.get("notes", ()),
        )

    def error_list(self) -> list[tuple[str, str]]:
        """(field, message) for every problem, in the order of the form."""
        order = {name: n for n, name in enumerate(self.fields)}
        return [
            (name, str(message))
            for name, messages in sorted(self.errors.items(), key=lambda i: order.get(i[0], 99))
            for message in messages
        ]
