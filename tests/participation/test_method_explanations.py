"""Each counting method is explained in one sentence, written once beside the method
(`MethodSpec.explanation`), and every page and the API say that same sentence."""

import re
import subprocess
import sys

import pytest

from participation import results_story as words
from participation.counting.methods import EXPLANATION_FIELDS, METHODS
from tests.participation.test_result_labels import freeze, page_text, url, vote

# method: (places, most choices), a round each method can count, with more nominations
# (4) than places so there is a count to explain.
ROUNDS = {
    "plurality": (2, 3),
    "approval": (2, 2),
    "irv": (1, 3),
    "stv": (2, 3),
    "schulze": (1, 3),
    "borda": (2, 3),
    "mes": (2, 3),
}
RANKED_PICKS = [[0, 1], [1, 2], [0], [2, 3], [3, 0, 1], [1, 0], [0, 2]]
APPROVAL_PICKS = [[0, 1], [1, 2], [0], [2, 3], [3, 0], [1]]
TITLES = ["Free bus travel", "Counsellors in schools", "Cheaper phone data", "Safer parks"]


def test_every_method_on_offer_is_explained_and_every_round_it_counts_is_covered():
    assert set(ROUNDS) == set(METHODS)
    for spec in METHODS.values():
        fields = set(re.findall(r"{(\w+)}", spec.explanation))
        assert spec.explanation and fields <= set(EXPLANATION_FIELDS), spec.name


@pytest.mark.parametrize(
    ("method", "seats", "is_last", "expected"),
    [
        ("approval", 1, True, "and the one with the most approvals wins."),
        ("approval", 3, False, "and the 3 with the most approvals go through."),
        ("plurality", 2, True, "and the 2 with the most first choices win."),
        ("irv", 1, False, "until one has more than half and goes through."),
        ("stv", 3, True, "Single transferable vote, for 3 places:"),
        ("schulze", 1, True, "and the top one wins."),
        ("borda", 1, False, "and the one with the most points goes through."),
    ],
)
def test_the_sentence_fits_the_places_and_whether_they_win(method, seats, is_last, expected):
    sentence = METHODS[method].explain(seats=seats, is_last=is_last, max_choices=None)
    assert expected in sentence
    assert "{" not in sentence


def test_the_approval_sentence_says_how_many_a_voter_may_tick():
    assert "ticks (approves) up to 2 nominations" in METHODS["approval"].explain(max_choices=2)
    assert "ticks (approves) any of the nominations" in METHODS["approval"].explain()


def test_the_results_words_take_the_methods_own_sentence():
    for name, spec in METHODS.items():
        assert words.method_sentence(name, seats=2, is_last=False, max_choices=3) == (
            spec.explain(seats=2, is_last=False, max_choices=3)
        )
    assert words.method_sentence("coin", seats=1, is_last=True, max_choices=None) == (
        "Counted with the coin method."
    )


def test_the_counting_package_still_needs_no_django():
    code = "import sys, participation.counting; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 - our own interpreter, fixed code


@pytest.mark.django_db
@pytest.mark.parametrize("method", sorted(ROUNDS))
@pytest.mark.parametrize("is_last", [True, False], ids=["last round", "first of two"])
def test_the_vote_page_ballot_results_and_api_say_the_same_sentence(
    method, is_last, volunteer, participant, client_for, visitor, client
):
    places, most = ROUNDS[method]
    rounds = ((method, places, most),) + (() if is_last else (("irv", 1, 3),))
    page, issues = vote(volunteer, rounds=rounds, titles=TITLES)
    round_ = page.ordered_rounds()[0]
    spec = METHODS[method]
    sentence = spec.explain(
        seats=places if spec.multiple_seats else 1, is_last=is_last, max_choices=most
    )

    assert sentence in page_text(visitor, page.url)
    assert sentence in page_text(client_for(participant), url(page, "ballot", 1))
    api_round = client.get(f"/api/v1/votes/{page.pk}").json()["rounds"][0]
    assert api_round["method_explanation"] == sentence

    picks = RANKED_PICKS if round_.is_ranked else APPROVAL_PICKS
    freeze(round_, issues, picks, seed="a1b2c3")
    results = page_text(visitor, url(page, "results", 1))
    assert f'<p class="method-explanation">{sentence}</p>' in results
    result = client.get(f"/api/v1/votes/{page.pk}/rounds/1/result").json()
    assert result["method_explanation"] == sentence
    assert client.get(f"/api/v1/votes/{page.pk}").json()["rounds"][0]["method_explanation"] == (
        sentence
    )
