"""Ids from the outside world are range-checked: a number no row can have is "not found"
(404) or a kind form error, for everyone, on SQLite and PostgreSQL alike. Never a 500.

Every route is found by walking the URL patterns (and the campaign vote page's own
routes), so a route added later is tried without a change here.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver

from config.ids import BIGGEST_ID, IdConverter, IdModelMultipleChoiceField, is_id
from participation.models import CampaignVotePage, Nomination, NominationState, ShortlistEntry
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [str(2**63), str(2**64), str(10**30), "-1"]
PROJECT_APPS = ("cms", "config", "evidence", "moderation", "pagecache", "participation")
PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
NOT_STAFF = ["visitor", "unverified", "participant"]
STAFF = ["volunteer", "senior_moderator", "policy_editor", "admin"]


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _numbered(route: str) -> bool:
    return any(m["converter"] in ("id", "int") for m in PLACEHOLDER.finditer(route))


def project_routes() -> list[str]:
    """Every project route that takes a number, e.g. "admin/moderation/items/<id:pk>/"."""
    found = []
    for route, pattern in _walk(get_resolver().url_patterns):
        app = getattr(pattern.callback, "__module__", "").split(".")[0]
        if app in PROJECT_APPS and _numbered(route) and not route.startswith("^"):
            found.append(route)
    return sorted(set(found))


def page_routes() -> list[str]:
    return sorted(
        str(p.pattern) for p in CampaignVotePage().get_subpage_urls() if _numbered(str(p.pattern))
    )


def addresses(route: str, value: str) -> list[str]:
    """`route` with one numbered part at a time set to `value`, the others to 1."""
    parts = [m for m in PLACEHOLDER.finditer(route) if m["converter"] in ("id", "int")]
    made = []
    for wrong in parts:
        address = route
        for part in reversed(list(PLACEHOLDER.finditer(route))):
            text = value if part.start() == wrong.start() else "1"
            address = address[: part.start()] + text + address[part.end() :]
        made.append("/" + address)
    return made


def test_the_walk_finds_the_routes_that_crashed_before():
    routes = project_routes()
    assert "admin/campaign-votes/<id:page_id>/nominations/" in routes
    assert "rounds/<id:round_id>/ballot/" in routes
    assert "moderation/report/<id:content_type_id>/<id:object_id>/" in routes
    assert "nominations/<id:pk>/" in page_routes()


def _as_expected(role: str, url: str, status: int) -> bool:
    """Not found; except that the admin sends anyone who may not open it to its log-in
    page, whatever the address (Wagtail's own catch-all), so nothing shows there."""
    if url.startswith("/admin/") and role in NOT_STAFF:
        return status in (302, 403)
    return status == 404


@pytest.mark.parametrize("role", NOT_STAFF + STAFF)
def test_no_number_in_any_address_gives_a_server_error(role, request, client_for, volunteer):
    person = request.getfixturevalue(role)
    client = person if role == "visitor" else client_for(person)
    page = campaign_vote()
    submitted_nominations(page, 1, author=ParticipantFactory(), moderator=volunteer)
    tried, wrong = 0, []
    for value in OUT_OF_RANGE:
        urls = [a for route in project_routes() for a in addresses(route, value)]
        urls += [page.url + a[1:] for route in page_routes() for a in addresses(route, value)]
        for url in urls:
            for method in (client.get, client.post):
                tried += 1
                status = method(url).status_code
                if not _as_expected(role, url, status):
                    wrong.append(f"{method.__name__.upper()} {url}: {status}")
    assert tried > 200
    assert wrong == []


# --- The converter and the form fields -------------------------------------------------


@pytest.mark.parametrize("text", ["1", "42", str(BIGGEST_ID)])
def test_the_id_converter_accepts_every_id_a_row_can_have(text):
    assert IdConverter().to_python(text) == int(text)
    assert is_id(text) and is_id(int(text))


@pytest.mark.parametrize("text", ["0", str(BIGGEST_ID + 1), "9" * 19, "00000000000000000000"])
def test_the_id_converter_refuses_numbers_no_row_can_have(text):
    with pytest.raises(ValueError):
        IdConverter().to_python(text)
    assert not is_id(text)


@pytest.mark.parametrize("value", [True, -1, "", " ", "1e3", "١٢", None, 2**63])
def test_other_things_are_not_ids(value):
    assert not is_id(value)


def test_a_multiple_choice_of_ids_refuses_a_huge_one_kindly():
    field = IdModelMultipleChoiceField(queryset=Nomination.objects.all())
    with pytest.raises(Exception) as refused:
        field.clean(["1", str(2**64)])
    assert "isn't on the list" in " ".join(refused.value.messages)


# --- Forms that carry ids --------------------------------------------------------------


@pytest.fixture
def preparing(volunteer):
    page = campaign_vote(open_round=None, rounds=(("approval", 2, 3),))
    issues = submitted_nominations(page, 3, author=ParticipantFactory(), moderator=volunteer)
    return page, page.ordered_rounds()[0], issues


@pytest.mark.parametrize("value", OUT_OF_RANGE + ["0", "abc"])
def test_a_shortlist_with_an_id_no_row_can_have_is_refused_kindly(
    preparing, client_for, policy_editor, value
):
    _, round_, issues = preparing
    response = client_for(policy_editor).post(
        f"/admin/campaign-votes/rounds/{round_.pk}/shortlist/",
        {"nominations": [issues[0].pk, issues[1].pk, value]},
    )
    assert response.status_code == 400
    assert "can&#x27;t go on this ballot" in response.content.decode()
    assert not ShortlistEntry.objects.filter(round=round_).exists()


@pytest.mark.parametrize("value", OUT_OF_RANGE + ["0"])
def test_a_merge_into_an_id_no_row_can_have_is_refused_kindly(
    preparing, client_for, policy_editor, value
):
    _, _, (source, *_) = preparing
    response = client_for(policy_editor).post(
        f"/admin/campaign-votes/nominations/{source.pk}/merge/", {"target": value}
    )
    assert response.status_code == 400
    assert "isn&#x27;t on the list any more" in response.content.decode()
    assert Nomination.objects.get(pk=source.pk).state == NominationState.ACTIVE


@pytest.mark.parametrize("field", ["topic", "evidence_1"])
@pytest.mark.parametrize("value", [str(2**63), str(10**30), "-1"])
def test_a_nomination_naming_an_id_no_row_can_have_is_refused_kindly(
    client_for, participant, field, value
):
    from tests.participation.factories import topic

    page = campaign_vote(open_round=None)
    data = {
        "title": "Free bus travel",
        "description": "Getting to college costs too much.",
        "topic": topic().pk,
        field: value,
    }
    response = client_for(participant).post(page.url + "nominate/", data)
    assert response.status_code in (200, 400)
    assert "Please reload the page and choose again" in response.content.decode() or (
        "isn&#x27;t published any more" in response.content.decode()
    )
    assert not Nomination.objects.filter(campaign_vote=page).exists()
