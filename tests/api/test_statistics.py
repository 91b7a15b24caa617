"""Statistics in the open-data API: the explorer's answer, parameter for parameter."""

import json

import pytest

from evidence.models import DataExplorerPage
from tests.api.conftest import EXACT
from tests.participation.factories import home_page

pytestmark = pytest.mark.django_db
URL = "/api/v1/statistics"


@pytest.fixture
def explorer(db):
    page = DataExplorerPage(title="Explore the data", slug="explore")
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def figures(answer: dict) -> list:
    return [[cell["value"] for cell in row["cells"]] for row in answer["rows"]]


@pytest.mark.parametrize(
    "query",
    [
        "topic=anxiety&from=2026-09&to=2026-11",
        "topic=anxiety&view=breakdown&by=age_band&from=2026-11",
        "topic=anxiety&view=breakdown&by=channel&measure=share&from=2026-11",
        "view=trend&measure=share",
    ],
)
def test_the_api_answers_exactly_what_the_explorer_downloads(client, statistics, explorer, query):
    api = client.get(f"{URL}?{query}")
    assert api.status_code == 200
    download = client.get(f"{explorer.url}?{query}&format=json")
    api_answer, page_answer = json.loads(api.content), json.loads(download.content)
    assert api_answer == page_answer
    # The link opens the same view on the site.
    assert api_answer["link"].endswith(f"{explorer.url}?" + api_answer["link"].split("?")[1])


def test_every_figure_is_disclosed(client, statistics):
    answer = json.loads(
        client.get(f"{URL}?topic=anxiety&view=breakdown&by=age_band&from=2026-11").content
    )
    values = [cell for row in answer["rows"] for cell in row["cells"]] + answer["totals"]
    assert all(cell["value"] is None or cell["value"] % 5 == 0 for cell in values)
    assert not EXACT & {cell["value"] for cell in values}
    by_band = {row["key"]: row["cells"][0] for row in answer["rows"]}
    assert by_band["13-15"] == {
        "value": None,
        "suppressed": True,
        "label": "fewer than 10",
        "share": None,
    }
    assert answer["disclosure"]["threshold"] == 10 and answer["licence"] == "CC BY 4.0"


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ("topic=nope", "topic", "We don't have a topic called “nope”"),
        ("from=2026-11&to=2026-09", "from", "is after the end month"),
        ("topic=a&topic=b&topic=c&topic=d&topic=e", "topic", "We don't have a topic"),
        ("age=16-18&region=E12000007", "region", "by age or by area"),
        ("view=sideways", "view", "Choose month by month or broken down"),
        ("topic=" + "x" * 500, "topic", "far too long"),
        ("from=2026-1", "from", ""),
        ("topic=%3Cscript%3Ealert(1)%3C/script%3E", "topic", "We don't have a topic"),
    ],
)
def test_bad_queries_are_a_400_naming_each_problem(client, statistics, query, parameter, words):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    answer = json.loads(response.content)
    assert answer["detail"]
    assert parameter in [error["parameter"] for error in answer["errors"]]
    assert any(words in error["message"] for error in answer["errors"])


def test_the_answer_is_cached_until_new_data_arrives(client, statistics):
    first = client.get(f"{URL}?topic=anxiety")
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(f"{URL}?topic=anxiety", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_with_no_statistics_yet_it_says_so(client, anxiety):
    response = client.get(f"{URL}?topic=anxiety")
    assert response.status_code == 404
    assert json.loads(response.content)["detail"] == "There are no statistics yet."
