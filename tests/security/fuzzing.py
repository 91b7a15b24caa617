"""What the fuzz tests share: hypothesis settings, hostile values, the world they
run against, and how each role's client is made."""

import urllib.parse

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.participation.factories import campaign_vote, nominations, submitted_nominations


@pytest.fixture(name="no_rate_limits")
def no_rate_limits_fixture(settings):
    """Fuzzing sends hundreds of requests a minute; the limits have their own tests
    (and a 429 would hide the view behind it from the fuzzer)."""
    settings.RATELIMIT_ENABLE = False
    settings.API_RATE_LIMIT = "100000/m"


EXAMPLES = 20
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # The world is built once per test and shared by its examples on purpose: each
    # example is one more request against the same site, as a real attacker's are.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "9" * 30,
    str(2**63),
    str(-(2**63) - 1),
    "０１２",  # fullwidth digits
    "٣",  # Arabic-Indic digit: int() reads it
    "\x00",
    "%00",
    "[]",
    "{}",
    "null",
    "true",
    "2026-13-45",
    "9999-12-31",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202e",
    "x" * 5000,
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=40),
)


def query(keys):
    """A query string over `keys` (and a stranger), with repeats allowed."""
    return st.lists(st.tuples(st.sampled_from([*keys, "unexpected"]), values), max_size=6).map(
        lambda pairs: urllib.parse.urlencode(pairs)
    )


def form_data(keys):
    """Form fields: each key missing, once, or repeated, with any value."""
    return st.dictionaries(
        st.sampled_from([*keys, "unexpected"]),
        st.lists(values, min_size=1, max_size=3),
        max_size=len(keys) + 1,
    )


def not_a_failure(response, what):
    assert response.status_code < 500, (what, response.status_code)


@pytest.fixture(name="world")
def world_fixture(site, participant, volunteer):
    vote = campaign_vote(rounds=(("approval", 2, 2), ("stv", 1, 3)), open_round=0)
    round_ = vote.ordered_rounds()[0]
    on_ballot = nominations(vote, 3, shortlist_round=round_)
    open_vote = campaign_vote(title="Nominations are open", open_round=None)
    [mine] = submitted_nominations(open_vote, 1, author=participant, moderator=volunteer)
    [pending] = submitted_nominations(open_vote, 1, author=participant)
    return {
        "vote": vote,
        "round": round_,
        "on_ballot": on_ballot,
        "open_vote": open_vote,
        "mine": mine,
        "pending": pending,
    }


def client_as(request, role, client_for):
    if role == "visitor":
        return Client()
    return client_for(request.getfixturevalue(role))
