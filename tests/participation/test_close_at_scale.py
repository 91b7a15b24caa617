"""Closing a round the way a big round is closed: ballots read in bulk, counted by
label with a seed drawn at closing, written again anonymously, files published once.

These run on SQLite (the plain ORM path) and on PostgreSQL (COPY and one SQL
statement); both must give the same answers.
"""

import datetime as dt
import random

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from participation import ballot_files, counting
from participation.eligibility import age_band
from participation.labels import NOMINATIONS_KEY
from participation.models import Ballot, RoundResult, RoundVoter
from participation.selectors import ballot_rows
from participation.selectors.ballots import published_ballots
from participation.services import anonymity, rounds
from participation.services.ballots import ballot_cast
from participation.services.rounds import _turnout, round_close, round_shortlist_freeze
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Published files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


TITLES = ["Free bus travel", "Cheaper phone data", "Free bus travel", "Safer parks", "Youth clubs"]


def vote(volunteer, method="irv", advance=1, max_choices=5, title="Our vote", titles=TITLES):
    page = campaign_vote(title=title, rounds=((method, advance, max_choices),))
    issues = submitted_nominations(
        page, len(titles), author=ParticipantFactory(), moderator=volunteer, titles=titles
    )
    round_ = page.ordered_rounds()[0]
    return round_, issues, round_shortlist_freeze(round=round_, default=issues)


def cast(round_, issues, shortlist, picks, *, voters=None):
    voters = voters or ParticipantFactory.create_batch(len(picks))
    for voter, pick in zip(voters, picks, strict=True):
        ballot_cast(
            participant=voter,
            round=round_,
            choices=[issues[i].pk for i in pick],
        )
    return voters


def random_picks(number, seed=7, candidates=5):
    draw = random.Random(seed)
    return [draw.sample(range(candidates), draw.randint(1, candidates)) for _ in range(number)]


def test_the_bulk_read_gives_the_published_ballots_in_the_published_order(volunteer):
    round_, issues, shortlist = vote(volunteer)
    cast(round_, issues, shortlist, random_picks(60))
    nominations = sorted(shortlist)
    rows = ballot_rows.read_rows(round_, nominations)
    # Before closing the voters are still on the ballots; the order is the same.
    Ballot.objects.filter(round=round_).update(voter=None)
    expected = [choices for _, choices in published_ballots(round_)]
    got = [[nominations[i] for i in row if i >= 0] for row in rows.rows.tolist()]
    assert got == expected
    assert rows.rows.shape == (60, 5)


def test_a_ballot_naming_a_nomination_off_the_ballot_is_refused(volunteer):
    round_, issues, shortlist = vote(volunteer)
    cast(round_, issues, shortlist, [[0, 1]])
    with pytest.raises(ValidationError, match="isn't on this round's ballot"):
        ballot_rows.read_rows(round_, sorted(shortlist)[1:])


def test_closing_gives_the_result_counting_by_id_gave(volunteer):
    round_, issues, shortlist = vote(volunteer)
    picks = [[0, 1]] * 5 + [[1, 0]] * 4 + [[3, 1]] * 3 + [[4, 3, 1]] * 2 + [[2]]
    cast(round_, issues, shortlist, picks)
    # How the round was counted before: nominations by id, the ballots as cast.
    before = counting.count(
        "irv",
        candidates=[str(pk) for pk in sorted(shortlist)],
        ballots=[[str(issues[i].pk) for i in pick] for pick in picks],
    )
    result = round_close(round=round_, actor=None, now=round_.closes_at)
    assert result.winners == [int(w) for w in before.winners] == [issues[0].pk]
    named = result.count[NOMINATIONS_KEY]
    by_id = [
        {str(named[label]): votes for label, votes in stage["counts"].items()}
        for stage in result.count["rounds"]
    ]
    assert by_id == [stage.to_dict()["counts"] for stage in before.rounds]
    assert result.ballot_count == 15


def test_the_record_names_nominations_by_label_and_maps_them_back(volunteer):
    round_, issues, shortlist = vote(volunteer)
    cast(round_, issues, shortlist, [[0, 1], [2], [3, 0], [1, 4], [0]])
    result = round_close(round=round_, actor=None, now=round_.closes_at)
    first, _, second = issues[0], issues[1], issues[2]
    assert result.count[NOMINATIONS_KEY] == {
        f"Free bus travel (#{first.pk})": first.pk,
        "Cheaper phone data": issues[1].pk,
        f"Free bus travel (#{second.pk})": second.pk,
        "Safer parks": issues[3].pk,
        "Youth clubs": issues[4].pk,
    }
    assert result.count["candidates"] == list(result.count[NOMINATIONS_KEY])  # id order
    assert result.winners == [first.pk]
    # The checksum is the one of the ballots as published: named by label.
    labels = {pk: label for label, pk in result.count[NOMINATIONS_KEY].items()}
    published = counting.Ballots.ranked(
        [labels[pk] for pk in sorted(shortlist)],
        [[labels[pk] for pk in choices] for _, choices in published_ballots(round_)],
    )
    assert published.checksum() == result.ballot_checksum


def test_the_seed_is_drawn_at_closing_and_recorded(volunteer):
    # Two rounds with the same nominations and the same ballots: a tie decided by lot.
    picks = [[0], [1], [2], [3], [4]] * 2
    results = []
    for title in ("First vote", "Second vote"):
        round_, issues, shortlist = vote(volunteer, title=title, titles=TITLES[1:] + ["Jobs"])
        cast(round_, issues, shortlist, picks)
        results.append(round_close(round=round_, actor=None, now=round_.closes_at))
    first, second = results
    assert first.ballot_checksum == second.ballot_checksum
    assert first.seed != second.seed
    assert first.seed != first.ballot_checksum and len(first.seed) == 32
    assert first.count["seed"] == first.seed and first.count["tie_breaks"]
    # Anyone can replay the lot from the record.
    labels = {pk: label for label, pk in first.count[NOMINATIONS_KEY].items()}
    again = counting.count(
        "irv",
        ballots=counting.Ballots.ranked(
            list(first.count["candidates"]),
            [[labels[pk] for pk in choices] for _, choices in published_ballots(first.round)],
        ),
        seed=first.seed,
    )
    assert [first.count[NOMINATIONS_KEY][w] for w in again.winners] == first.winners


def test_ballots_are_detached_and_written_again_in_receipt_order(volunteer):
    round_, issues, shortlist = vote(volunteer)
    voters = cast(round_, issues, shortlist, random_picks(40))
    cast_before = dict(Ballot.objects.values_list("receipt", "choices"))
    ids_before = set(Ballot.objects.values_list("pk", flat=True))
    round_close(round=round_, actor=None, now=round_.closes_at)
    ballots = list(Ballot.objects.filter(round=round_).order_by("pk"))
    assert len(ballots) == 40
    assert {b.voter_id for b in ballots} == {None}
    assert {b.cast_at for b in ballots} == {round_.closes_at} == {b.updated_at for b in ballots}
    assert [b.receipt for b in ballots] == sorted(cast_before)
    assert {b.receipt: b.choices for b in ballots} == cast_before
    assert not ids_before & {b.pk for b in ballots}  # every id drawn again
    assert RoundVoter.objects.filter(round=round_).count() == len(voters)


def test_turnout_is_counted_by_age_band_and_region(volunteer):
    round_, issues, shortlist = vote(volunteer)
    voters = cast(round_, issues, shortlist, random_picks(12))
    voters[0].region, voters[1].region = "", "E12000007"
    voters[2].date_of_birth = None
    for voter in voters[:3]:
        voter.save()
    turnout = _turnout(round_)
    on = round_.closes_at.date()
    bands, regions = {}, {}
    for voter in voters:
        voter.refresh_from_db()
        if voter.date_of_birth:
            born = voter.date_of_birth
            age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
            bands[age_band(age)] = bands.get(age_band(age), 0) + 1
        if voter.region:
            regions[voter.region] = regions.get(voter.region, 0) + 1
    assert turnout == {"voters": 12, "by_age_band": bands, "by_region": regions}


def test_an_approval_round_is_published_with_a_column_per_nomination(volunteer):
    round_, issues, shortlist = vote(volunteer, method="approval", advance=2, max_choices=3)
    cast(round_, issues, shortlist, [[0, 1], [1], [3, 4, 1], [0, 3], [0, 1]])
    result = round_close(round=round_, actor=None, now=round_.closes_at)
    assert result.winners == [issues[1].pk, issues[0].pk]
    with result.ballots_csv.open("rb") as stored:
        lines = stored.read().decode().splitlines()
    labels = list(result.count[NOMINATIONS_KEY])
    assert lines[0] == ",".join(labels)
    expected = ["1,1,0,0,0", "0,1,0,0,0", "0,1,0,1,1", "1,0,0,1,0", "1,1,0,0,0"]
    assert sorted(lines[1:]) == sorted(expected)
    assert not result.ballots_blt  # BLT holds rankings only


def test_a_close_that_fails_leaves_no_files_behind(volunteer, monkeypatch):
    round_, issues, shortlist = vote(volunteer)
    cast(round_, issues, shortlist, [[0, 1], [2]])

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(rounds, "_turnout", broken)  # after the files are written
    with pytest.raises(RuntimeError):
        round_close(round=round_, actor=None, now=round_.closes_at)
    assert not RoundResult.objects.exists()
    folders, _ = (
        default_storage.listdir("results") if default_storage.exists("results") else ([], [])
    )
    assert all(not default_storage.listdir(f"results/{folder}")[1] for folder in folders)
    assert Ballot.objects.filter(round=round_, voter__isnull=False).count() == 2


def test_padding_follows_the_longest_ballot():
    rows = ballot_rows._padded(np.array([2, 0, 3]), np.array([4, 1, 0, 2, 3]), np.array([2, 0, 1]))
    assert rows.tolist() == [[-1, -1, -1], [0, 2, 3], [4, 1, -1]]


@pytest.mark.postgres
def test_postgresql_reads_the_same_ballots_as_the_orm(volunteer, monkeypatch):
    round_, issues, shortlist = vote(volunteer)
    cast(round_, issues, shortlist, random_picks(300, seed=11))
    nominations = tuple(sorted(shortlist))
    monkeypatch.setattr(ballot_rows, "_PARSE_LINES", 70)  # several parts, the last short
    lookup = ballot_rows._lookup(nominations)
    rows, fingerprints = ballot_rows._copy_choices(round_, "default", lookup)
    plain_fingerprints, lengths, values = ballot_rows._orm_choices(round_, "default")
    plain = ballot_rows._padded(
        lengths, ballot_rows._indices(values, lookup), np.arange(lengths.size)
    )
    assert np.array_equal(fingerprints, plain_fingerprints)
    assert rows.tolist() == plain.tolist()
    stamp = round_.closes_at + dt.timedelta(seconds=1)
    anonymity.detach(round_, stamp=stamp)
    assert set(Ballot.objects.filter(round=round_).values_list("cast_at", flat=True)) == {stamp}


def test_a_nomination_not_public_at_closing_is_published_by_number_alone(volunteer):
    from participation.models import ShortlistEntry

    round_, issues, shortlist = vote(volunteer)
    hidden = submitted_nominations(
        round_.page, 1, author=ParticipantFactory(), titles=["Call Jo on 07700 900123"]
    )[0]
    ShortlistEntry.objects.create(round=round_, nomination=hidden)
    cast(round_, [*issues, hidden], sorted([*shortlist, hidden.pk]), [[5, 0], [1], [0]])
    result = round_close(round=round_, actor=None, now=round_.closes_at)
    assert result.count[NOMINATIONS_KEY][f"Nomination #{hidden.pk}"] == hidden.pk
    for stored in (result.ballots_csv, result.ballots_blt):
        with stored.open("rb") as file:
            text = file.read().decode()
        assert "07700" not in text
        assert f"Nomination #{hidden.pk}" in text


def test_the_streamed_blt_is_the_engines_blt():
    import io

    from participation.counting.formats.blt import write_blt

    ballots = counting.Ballots.ranked(
        ["Buses", 'Say "no"', "Parks"],
        [["Buses", "Parks"], ['Say "no"'], ["Parks", "Buses", 'Say "no"'], ["Buses", "Parks"]],
    )
    out = io.StringIO()
    ballot_files.write_ballots_blt(out, ballots, seats=2, title="Our vote: Round 1")
    assert out.getvalue() == write_blt(ballots, seats=2, title="Our vote: Round 1")


def test_the_streamed_csv_reads_back_as_the_same_ballots():
    import io

    from participation.counting.formats.csv import parse_csv, write_csv_rows

    rows = np.array([[0, 2, -1], [1, -1, -1], [2, 1, 0], [1, -1, -1]])
    names = ["Buses", "Jobs, and pay", 'Say "no"']
    out = io.StringIO()
    write_csv_rows(out, names, rows)
    lines = out.getvalue().splitlines()
    assert lines[:3] == ["rank1,rank2,rank3", 'Buses,"Say ""no""",', '"Jobs, and pay",,']
    read = parse_csv(out.getvalue(), candidates=names).ballots
    assert read == counting.Ballots.from_indices(names, rows)
