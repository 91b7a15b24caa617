"""What each public page costs a young person's data plan, measured in the browser.

A first visit (nothing cached) to each page may transfer at most 150 KB, images aside:
the HTML, styles, scripts and fonts, headers included, as sent over the wire with the
browser's usual `Accept-Encoding` (Chromium asks for gzip, deflate, br and zstd). The
static files must arrive compressed (WhiteNoise) and, since their names carry a hash
of their contents, be cacheable for a year, so a second page costs only its HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Request

from cms.models import CampaignPage
from evidence.models import EvidenceSnippet
from participation.models import CampaignVotePage, Nomination
from tests.e2e import a11y

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("people_watched")]

BUDGET = 150 * 1024
YEAR = 365 * 24 * 60 * 60
# ManifestStaticFilesStorage puts 12 hex digits of the content's hash in each name.
HASHED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")

PAGES = {
    "home": "/",
    "vote-page": "/campaigns-2027/",
    "nomination": "{nomination}",
    "ballot": "/campaigns-2027/rounds/1/vote/",
    "ranked-ballot": "{ranked}rounds/1/vote/",
    "results-approval": "/campaigns-2026/rounds/1/results/",
    "results-ranked": "/campaigns-2026/rounds/2/results/",
    "explorer": "/explore/",
    "evidence": "/evidence/",
    "evidence-snippet": "{snippet}",
    "campaigns": "/campaigns/",
    "campaign": "{campaign}",
}
LOGGED_IN = {"ballot", "ranked-ballot"}  # ballots are only for participants


@pytest.fixture(scope="module")
def places(django_db_setup, django_db_blocker) -> dict[str, str]:
    with django_db_blocker.unblock():
        vote = CampaignVotePage.objects.get(slug="campaigns-2027")
        nomination = (
            Nomination.objects.public().active().filter(campaign_vote=vote).order_by("pk").first()
        )
        campaign = CampaignPage.objects.live().order_by("pk").first()
        snippet = EvidenceSnippet.objects.filter(live=True).order_by("pk").first()
        return {
            "ranked": a11y.open_ranked_vote().url,
            "nomination": vote.url + f"nominations/{nomination.pk}/",
            "campaign": campaign.url,
            "snippet": f"/evidence/{snippet.pk}/",
        }


@pytest.fixture(scope="module")
def visits(people, places):
    """Each page's first visit, made once and shared by the tests below."""
    done: dict[str, list[Transfer]] = {}

    def visit(name: str) -> list[Transfer]:
        if name not in done:
            email = "participant@example.com" if name in LOGGED_IN else None
            done[name] = first_visit(people, PAGES[name].format(**places), email=email)
        return done[name]

    return visit


@dataclass(frozen=True)
class Transfer:
    url: str
    kind: str
    body: int  # bytes on the wire, as encoded
    headers: int
    encoding: str
    cache_control: str
    status: int

    @property
    def total(self) -> int:
        return self.body + self.headers

    def __str__(self) -> str:
        path = urlsplit(self.url).path
        return f"{a11y.kilobytes(self.total):>9}  {self.kind:<10} {self.encoding or 'identity':<8} {path}"


def first_visit(people: a11y.People, path: str, *, email: str | None = None) -> list[Transfer]:
    """Open `path` in a fresh context (empty cache) and list everything it transferred."""
    context = people.new_context(email=email)
    page = context.new_page()
    people.last = page
    finished: list[Request] = []
    failed: list[str] = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
    response = page.goto(path)
    assert response is not None and response.status == 200, (
        f"{path} answered {response and response.status}"
    )
    page.wait_for_load_state("networkidle")
    assert failed == [], f"Requests failed while loading {path}: {failed}"
    transfers = []
    for request in finished:
        sizes = request.sizes()
        answer = request.response()
        headers = answer.all_headers() if answer else {}
        transfers.append(
            Transfer(
                url=request.url,
                kind=request.resource_type,
                body=sizes["responseBodySize"],
                headers=sizes["responseHeadersSize"],
                encoding=headers.get("content-encoding", ""),
                cache_control=headers.get("cache-control", ""),
                status=answer.status if answer else 0,
            )
        )
    context.close()
    people.contexts.remove(context)
    return transfers


def is_image(transfer: Transfer) -> bool:
    return transfer.kind == "image" or urlsplit(transfer.url).path.endswith(
        (".svg", ".png", ".ico")
    )


@pytest.mark.parametrize("name", PAGES)
def test_a_first_visit_costs_at_most_150_kb_besides_images(visits, places, name):
    path = PAGES[name].format(**places)
    transfers = visits(name)
    counted = [t for t in transfers if not is_image(t)]
    total = sum(t.total for t in counted)
    breakdown = "\n".join(str(t) for t in sorted(counted, key=lambda t: -t.total))
    images = sum(t.total for t in transfers if is_image(t))
    print(
        f"\n{name} ({path}): {a11y.kilobytes(total)} besides {a11y.kilobytes(images)} of images\n{breakdown}"
    )
    assert total <= BUDGET, (
        f"{name} ({path}) transfers {a11y.kilobytes(total)} besides images, over the "
        f"{a11y.kilobytes(BUDGET)} budget:\n{breakdown}"
    )


def test_static_files_come_compressed_and_cached_for_a_year(visits):
    problems = []
    seen = set()
    for name in PAGES:
        for transfer in visits(name):
            url_path = urlsplit(transfer.url).path
            if not url_path.startswith("/static/") or url_path in seen:
                continue
            seen.add(url_path)
            if transfer.kind in ("stylesheet", "script") and transfer.encoding not in (
                "gzip",
                "br",
                "zstd",
            ):
                problems.append(f"{url_path} came uncompressed ({transfer.encoding or 'identity'})")
            if not HASHED.search(url_path):
                problems.append(
                    f"{url_path} has no content hash in its name, so it can't be cached long"
                )
                continue
            max_age = re.search(r"max-age=(\d+)", transfer.cache_control)
            if (
                not max_age
                or int(max_age.group(1)) < YEAR
                or "public" not in transfer.cache_control
            ):
                problems.append(f"{url_path} is cached only as {transfer.cache_control!r}")
    assert all(any(p.endswith(kind) for p in seen) for kind in (".css", ".js", ".woff2")), (
        f"Expected styles, a script and fonts among the static files, got {sorted(seen)}"
    )
    assert problems == [], "Static files:\n- " + "\n- ".join(problems)
