"""Site search: live public pages, approved nominations and published evidence.

Nothing unapproved is ever a result. Pages must be live, public (not in a section
with a view restriction) and on this site; nominations approved by a moderator,
still active, and on a live, public campaign vote; evidence snippets published.

Pages are filtered inside the search itself. Nominations and snippets cannot be:
whether a nomination is approved lives on its moderation item, which a search
backend knows nothing about. So their matches come back from the index as ids, in
order of relevance, and the database keeps only the ids its own public filter
allows. The index holds the words of every nomination, approved or not, so no
caller may skip that second step.

What someone types is reduced to plain words before it reaches the backend: quotes,
brackets and operators are search syntax to SQLite and PostgreSQL, and a stray one
would be an error rather than an answer.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from cms.templatetags.meta_tags import page_introduction
from config.limits import limit

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
PREVIEW_SIZE = 3  # results per group when every group is shown
MAX_MATCHES = 1000  # per kind of result filtered after the search (nominations, evidence)
SUMMARY_WORDS = 30

WORD = re.compile(r"\w+(?:['’-]\w+)*")
EXAMPLES = ("mental health", "school", "money", "housing")


# --- The query ----------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """What someone typed, made safe: `text` is searched, `shown` goes back in the box."""

    text: str
    shown: str
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.text)


def _without_control_characters(text: str) -> str:
    return "".join(
        " " if unicodedata.category(character) in {"Cc", "Cf", "Cs", "Co"} else character
        for character in text
    )


def clean_query(raw: str) -> Query:
    """Cap the query, take out markup and control characters, and keep only words."""
    notes = []
    text = _without_control_characters(raw).strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notes.append(
            f"Your search was very long, so we only used the first {MAX_QUERY_LENGTH} "
            "characters. Short searches of a few words work best."
        )
    if "<" in text or "&" in text:
        plain = strip_tags(html.unescape(text))
        if plain != text:
            notes.append(
                "Searches are for words, so we took out the parts that looked like code "
                "and searched for the words that were left."
            )
            text = plain
    words = WORD.findall(text)
    return Query(text=" ".join(words), shown=" ".join(text.split()), notes=tuple(notes))


# --- Results ------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One result as the page shows it. `kind` says what it is, in a few words."""

    title: str
    url: str
    summary: str
    kind: str


class Matches:
    """The matches of one group, in order of relevance, turned into `Hit`s a page at a
    time. Works with Django's Paginator: it counts, and it slices."""

    def __init__(self, source, to_hits: Callable[[Sequence], list[Hit]]):
        self._source = source
        self._to_hits = to_hits
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            source = self._source
            self._count = len(source) if isinstance(source, list) else source.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Matches are read a page at a time")
        return self._to_hits(list(self._source[index]))


@dataclass
class Group:
    key: str
    heading: str
    matches: Matches
    capped: bool = False  # more matched than MAX_MATCHES; only the closest are shown
    count: int = field(init=False)

    def __post_init__(self):
        self.count = self.matches.count()

    def preview(self) -> list[Hit]:
        return self.matches[:PREVIEW_SIZE]


def _summary(text: str) -> str:
    return Truncator(" ".join(html.unescape(strip_tags(text or "")).split())).words(SUMMARY_WORDS)


def _page_hits(request, pages: Sequence[Page], kind: str) -> list[Hit]:
    hits = []
    for page in pages:
        url = page.get_url(request)
        if url:
            description = page.search_description or page_introduction(page)
            hits.append(Hit(page.title, url, _summary(description), kind))
    return hits


def _page_model(label: str):
    """A page type by its label, or None while it does not exist yet."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


# Page types shown under their own heading; every other page is under "Pages".
PAGE_GROUPS = (
    ("campaigns", "Campaigns", "Campaign", "cms.CampaignPage"),
    ("votes", "Votes", "Vote", "participation.CampaignVotePage"),
)


def _public_pages(site: Site | None):
    if site is None:
        return Page.objects.none()
    return Page.objects.live().public().descendant_of(site.root_page, inclusive=True)


def _page_groups(request, site: Site | None, text: str) -> list[Group]:
    pages = _public_pages(site)
    groups, grouped_models = [], []
    for key, heading, kind, label in PAGE_GROUPS:
        model = _page_model(label)
        if model is None:
            continue
        grouped_models.append(model)
        results = pages.type(model).specific().search(text)
        groups.append(Group(key, heading, Matches(results, _hits_as(request, kind))))
    results = pages.not_type(*grouped_models).specific().search(text)
    groups.append(Group("pages", "Pages", Matches(results, _hits_as(request, "Page"))))
    return groups


def _hits_as(request, kind: str):
    return lambda pages: _page_hits(request, pages, kind)


def _matching_ids(model, text: str, allowed) -> tuple[list[int], bool]:
    """Ids of `model` that match `text`, best first, that the queryset `allowed` holds."""
    results = get_search_backend().search(text, model.objects.only("pk"))
    found = [obj.pk for obj in results[:MAX_MATCHES]]
    keep = set(allowed.filter(pk__in=found).values_list("pk", flat=True))
    return [pk for pk in found if pk in keep], len(found) >= MAX_MATCHES


def _in_order(queryset, ids: Sequence[int]) -> list:
    by_id = queryset.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _nomination_group(request, site: Site | None, text: str) -> Group:
    from participation.models import CampaignVotePage, Nomination

    votes = CampaignVotePage.objects.live().public()
    votes = votes.descendant_of(site.root_page, inclusive=True) if site else votes.none()
    allowed = Nomination.objects.public().active().filter(campaign_vote__in=votes)
    ids, capped = _matching_ids(Nomination, text, allowed)

    def to_hits(chunk):
        hits = []
        for nomination in _in_order(Nomination.objects.select_related("campaign_vote"), chunk):
            vote = nomination.campaign_vote
            url = vote.get_url(request) + vote.reverse_subpage(
                "nomination-detail", args=[nomination.pk]
            )
            kind = f"Nomination for “{vote.title}”"
            hits.append(Hit(nomination.title, url, _summary(nomination.description), kind))
        return hits

    return Group("nominations", "Nominations", Matches(ids, to_hits), capped=capped)


def _evidence_group(text: str) -> Group:
    from evidence.models import EvidenceSnippet
    from evidence.selectors import published_snippets

    ids, capped = _matching_ids(EvidenceSnippet, text, published_snippets())

    def to_hits(chunk):
        return [
            Hit(snippet.headline, snippet.get_url(), _summary(snippet.sentence), "Evidence")
            for snippet in _in_order(EvidenceSnippet.objects.all(), chunk)
        ]

    return Group("evidence", "Evidence", Matches(ids, to_hits), capped=capped)


def search_site(request, text: str) -> list[Group]:
    """Every group of results for `text` (plain words, see `clean_query`), in the order
    the page shows them."""
    site = Site.find_for_request(request)
    page_groups = _page_groups(request, site, text)
    by_key = {group.key: group for group in page_groups}
    order = [by_key.get("campaigns"), by_key.get("votes")]
    groups = [
        *order,
        _nomination_group(request, site, text),
        _evidence_group(text),
        by_key["pages"],
    ]
    return [group for group in groups if group is not None]


# --- The view -----------------------------------------------------------------------


@require_GET
@limit("search", methods=("GET", "HEAD"))
def search(request):
    """`/search/?q=…`: each group's best few; with `kind=`, one group a page at a time."""
    query = clean_query(request.GET.get("q", ""))
    context = {
        "query": query,
        "examples": EXAMPLES,
        "max_length": MAX_QUERY_LENGTH,
        "preview_size": PREVIEW_SIZE,
        "support_url": settings.MODERATION_SUPPORT_URL,
    }
    if query:
        groups = search_site(request, query.text)
        chosen = next((g for g in groups if g.key == request.GET.get("kind")), None)
        context.update(
            groups=groups,
            shown_groups=[group for group in groups if group.count],
            total=sum(group.count for group in groups),
            capped=any(group.capped for group in groups),
            chosen=chosen,
        )
        if chosen is not None:
            paginator = Paginator(chosen.matches, PAGE_SIZE)
            context["results_page"] = paginator.get_page(request.GET.get("page"))
            parameters = urlencode({"q": query.text, "kind": chosen.key})
            context["page_url"] = f"{reverse('search')}?{parameters}&page="
    return TemplateResponse(request, "cms/search.html", context)
