"""Evidence snippets, "you are not alone" and related items: figures always computed
from the data, always through disclosure control, never unapproved content."""

import datetime as dt
import html
import io
import re

import pytest
from django.core.exceptions import ValidationError

from evidence import selectors, services
from evidence.importer import read_statistics
from evidence.models import EvidenceSnippet, Topic

pytestmark = pytest.mark.django_db
HEADER = "source,period,topic,channel,age_band,region,contacts\n"


@pytest.fixture
def anxiety():
    health = Topic.objects.get_or_create(slug="mental-health", defaults={"name": "Mental health"})[
        0
    ]
    return Topic.objects.get_or_create(
        slug="anxiety", defaults={"name": "Anxiety", "parent": health, "help_url": "/get-help/"}
    )[0]


def load(text: str):
    data = text.encode()
    result = read_statistics(io.BytesIO(data), size=len(data), today=dt.date(2026, 12, 1))
    assert result.ok, [str(p) for p in result.problems]
    return services.statistics_import(result=result, file_name="t.csv")


def without_charts(page: str) -> str:
    """The page as text and tables: the charts' axis ticks are not figures."""
    return re.sub(r"<svg.*?</svg>", "", page, flags=re.S)


def publish(**fields):
    topics = fields.pop("topics")
    snippet = EvidenceSnippet(
        headline=fields.pop("headline", "Anxiety is on young people's minds"),
        sentence=fields.pop("sentence", "Young people tell us about anxiety every month."),
        **fields,
    )
    snippet.save()
    snippet.topics.set(topics)
    snippet.save_revision().publish()
    return EvidenceSnippet.objects.get(pk=snippet.pk)


def test_the_figure_is_computed_from_the_data_and_rounded(anxiety):
    load(HEADER + "crm,2026-10,anxiety,helpline,,,1233\ncrm,2026-11,anxiety,webchat,,,1001\n")
    snippet = publish(topics=[anxiety], months=2, breakdown="month")
    figures = selectors.snippet_figures(snippet)
    assert str(figures.headline) == "2,235"  # 2,234 rounded to the nearest 5
    assert [(label, str(f)) for label, f in figures.rows] == [
        ("Oct 2026", "1,235"),
        ("Nov 2026", "1,000"),
    ]


def test_a_new_import_updates_the_figure_and_says_updated(anxiety, client):
    load(HEADER + "crm,2026-10,anxiety,helpline,,,1000\n")
    snippet = publish(topics=[anxiety], months=1)
    page = html.unescape(client.get(f"/evidence/{snippet.pk}/").content.decode())
    assert "1,000" in page and "Updated" not in page
    load(HEADER + "crm,2026-11,anxiety,helpline,,,2000\n")
    page = html.unescape(client.get(f"/evidence/{snippet.pk}/").content.decode())
    assert "2,000" in page and "Updated" in page and "November 2026" in page


def test_small_cells_are_hidden_with_a_second_one_so_they_cant_be_worked_out(anxiety, client):
    load(
        HEADER
        + "crm,2026-11,anxiety,helpline,,,400\n"
        + "crm,2026-11,anxiety,helpline,13-15,,3\n"
        + "crm,2026-11,anxiety,helpline,16-18,,40\n"
        + "crm,2026-11,anxiety,helpline,19-21,,200\n"
        + "crm,2026-11,anxiety,helpline,22-25,,157\n"
    )
    snippet = publish(topics=[anxiety], months=1, breakdown="age_band")
    page = without_charts(html.unescape(client.get(f"/evidence/{snippet.pk}/").content.decode()))
    assert "fewer than 10" in page and "not shown" in page
    assert ">3<" not in page and ">40<" not in page
    assert "Some numbers are hidden" in page and "400" in page


def test_a_breakdown_that_would_give_a_small_group_away_is_withheld(anxiety, client):
    # Most areas have nobody: showing any area beside the total would narrow the rest.
    load(
        HEADER
        + "crm,2026-11,anxiety,helpline,,,400\n"
        + "crm,2026-11,anxiety,helpline,,E12000001,3\n"
        + "crm,2026-11,anxiety,helpline,,E12000007,397\n"
    )
    snippet = publish(topics=[anxiety], months=1, breakdown="region")
    figures = selectors.snippet_figures(snippet)
    assert str(figures.headline) == "400"
    page = without_charts(html.unescape(client.get(f"/evidence/{snippet.pk}/").content.decode()))
    assert "397" not in page and ">3<" not in page and "Some numbers are hidden" in page


def test_numbers_cant_be_typed_into_a_snippet(anxiety):
    snippet = EvidenceSnippet(headline="Anxiety", sentence="About 4,000 young people", months=12)
    with pytest.raises(ValidationError, match="leave numbers out"):
        snippet.full_clean(exclude=["topics", "channels"])


def test_drafts_are_not_public(anxiety, client):
    snippet = EvidenceSnippet(headline="Draft", sentence="Not yet.", months=12, live=False)
    snippet.save()
    assert client.get(f"/evidence/{snippet.pk}/").status_code == 404
    assert client.get("/evidence/99999999999999999999999/").status_code == 404


def test_not_alone_counts_sub_topics_and_hides_small_figures(anxiety):
    health = anxiety.parent
    load(HEADER + "crm,2026-11,anxiety,helpline,,,4249\ncrm,2026-11,mental-health,website,,,1\n")
    assert str(selectors.not_alone(health).figure) == "4,250"
    assert selectors.not_alone(anxiety).help_url == "/get-help/"
    money = Topic.objects.create(slug="money", name="Money")
    load(HEADER + "crm,2026-11,money,helpline,,,7\n")
    assert selectors.not_alone(money) is None  # fewer than 10: never shown
    assert selectors.not_alone(Topic.objects.create(slug="empty", name="Empty")) is None


def test_related_items_show_only_what_everyone_may_see(anxiety, participant, volunteer):
    from participation.selectors.related import related_items
    from participation.services import nominations
    from tests.participation.factories import approve, campaign_vote

    page = campaign_vote(open_round=None)
    shown, _ = nominations.nomination_submit(
        participant=participant,
        campaign_vote=page,
        title="Calmer exams",
        description="Exams make us anxious.",
        topic=anxiety,
    )
    approve(shown, volunteer)
    nominations.nomination_submit(
        participant=participant,
        campaign_vote=page,
        title="Secret waiting one",
        description="Still waiting for a volunteer.",
        topic=anxiety,
    )
    load(HEADER + "crm,2026-11,anxiety,helpline,,,100\n")
    publish(topics=[anxiety], months=1, headline="Anxiety rises")
    draft = EvidenceSnippet(headline="Unpublished", sentence="Not yet.", months=1, live=False)
    draft.save()
    draft.topics.set([anxiety])
    draft.save()
    titles = [item.title for item in related_items([anxiety.parent.pk], user=None)]
    assert "Calmer exams" in titles and "Anxiety rises" in titles
    assert "Secret waiting one" not in titles and "Unpublished" not in titles


def test_the_policy_team_writes_and_publishes_a_snippet_in_the_admin(
    client_for, policy_editor, anxiety
):
    client = client_for(policy_editor)
    add = "/admin/snippets/evidence/evidencesnippet/add/"
    assert client.get(add).status_code == 200
    data = {
        "headline": "Anxiety is on young people's minds",
        "sentence": "Young people tell us about anxiety every month.",
        "topics": [anxiety.pk],
        "months": 12,
        "breakdown": "month",
        "source_note": "Our helpline records",
        "action-publish": "publish",
    }
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    snippet = EvidenceSnippet.objects.get(headline="Anxiety is on young people's minds")
    assert snippet.live and list(snippet.topics.all()) == [anxiety]
    typed = client.post(add, {**data, "headline": "Another", "sentence": "About 4,000 of us."})
    assert typed.status_code == 200 and "leave numbers out" in typed.content.decode()
