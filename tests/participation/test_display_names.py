import pytest

from participation import display_names
from participation.selectors.participants import display_name_problems
from tests.factories import ParticipantFactory


@pytest.mark.parametrize("name", ["QuietOtter42", "sky_walker", "Amber-Rose 7", "Zed"])
def test_it_accepts_ordinary_pseudonyms(name):
    assert display_names.problems(name, email="someone@example.org") == []


@pytest.mark.parametrize(
    "name",
    ["ab", "x" * 31, "   ", "-dash-first", "emoji😀name", "<script>", "name@example.org"],
)
def test_it_refuses_names_of_the_wrong_shape(name):
    assert display_names.problems(name) != []


@pytest.mark.parametrize(
    "name", ["Admin", "TheModerator", "4dm1n", "St4ff_Member", "ListeningHub Official", "sh1t"]
)
def test_it_refuses_blocked_words_through_common_character_swaps(name):
    assert display_names.problems(name) == [
        "Please choose a different name: this one isn't allowed here."
    ]


@pytest.mark.parametrize(
    ("name", "email"),
    [("jamie_smith", "jamie.smith@example.org"), ("JamieSmith99", "jamie_smith@example.org")],
)
def test_it_refuses_a_name_taken_from_the_email_address(name, email):
    assert "part of your email address" in display_names.problems(name, email=email)[0]


def test_a_short_email_name_does_not_block_ordinary_names():
    assert display_names.problems("JoRunner", email="jo@example.org") == []


def test_suggestions_are_themselves_acceptable():
    for _ in range(50):
        assert display_names.problems(display_names.suggestion()) == []


@pytest.mark.django_db
def test_names_are_unique_whatever_their_case():
    ParticipantFactory(display_name="QuietOtter")
    assert display_name_problems("quietotter", email="new@example.org") == [
        "Someone is already using that name. Please choose another."
    ]
