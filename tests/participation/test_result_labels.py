"""Results counted with nominations named by label, and results frozen before labels.

A round is counted with each nomination named by its label (its title, told apart by
its number when two share one) and the record maps the labels back to nominations.
Records frozen earlier name nominations by id. The results page, the API and the
recount read both the same way. The records here are built directly with the counting
engine, as `round_close` freezes them, so these tests don't depend on how a round is
closed.
"""

import csv
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from participation.counting import count
from participation.counting.ballots import Ballots
from participation.counting.formats.blt import write_blt
from participation.labels import NOMINATIONS_KEY, nomination_labels, record_nominations
from participation.models import Ballot, RoundResult, ShortlistEntry
from participation.results import results_view_model
from participation.results_story import round_seats
from participation.services.recount import round_recount
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations
from tests.participation.test_results_disclosure import table

pytestmark = pytest.mark.django_db

# Two nominations share a title, so their labels carry their numbers.
TITLES = ["Free bus travel", "Free bus travel", "Cheaper phone data", "Safer parks"]
# No majority at count 1; "Safer parks" out (its one ballot has no other choice, so it
# is exhausted), then "Cheaper phone data"; the first "Free bus travel" wins at count 3.
IRV_PICKS = [[0, 1]] * 5 + [[1, 0]] * 4 + [[2, 0]] * 2 + [[3]]
SEED = "5be0f3c1a9d24e7b8c6f1a2d3e4b5c6d"


def freeze(round_, issues, picks, *, labelled=True, seed=None):
    """Put `issues` on the round's ballot, cast `picks` (indices into `issues`) and
    freeze the result as `round_close` does: labelled, or in the form used before."""
    ShortlistEntry.objects.bulk_create([ShortlistEntry(round=round_, nomination=n) for n in issues])
    pairs = [(n.pk, n.title) for n in issues]
    labels = nomination_labels(pairs) if labelled else {pk: str(pk) for pk, _ in pairs}
    now = timezone.now()
    ranked = round_.is_ranked
    Ballot.objects.bulk_create(
        [
            Ballot(
                round=round_,
                voter=None,
                receipt=f"T{round_.pk}-{i}",
                choices=[issues[j].pk for j in (pick if ranked else sorted(pick))],
                cast_at=now,
                updated_at=now,
            )
            for i, pick in enumerate(picks)
        ]
    )
    counted = count(
        round_.method,
        candidates=[labels[pk] for pk in sorted(labels)],
        ballots=[[labels[issues[j].pk] for j in pick] for pick in picks],
        seats=round_seats(round_),
        seed=seed,
    )
    record = counted.to_dict()
    if labelled:
        record[NOMINATIONS_KEY] = {label: pk for pk, label in labels.items()}
    named = record_nominations(record)
    return RoundResult.objects.create(
        round=round_,
        method=round_.method,
        method_version=round_.spec.version,
        winners=[named[w] for w in counted.winners],
        count=record,
        ballot_checksum=counted.ballot_checksum,
        seed=counted.seed,
        ballot_count=len(picks),
        turnout={"voters": len(picks), "by_age_band": {}, "by_region": {}},
        eligible_count=40,
        counted_at=now,
    )


def vote(volunteer, rounds=(("irv", 1, 3),), titles=TITLES, title="Our vote"):
    page = campaign_vote(rounds=rounds, title=title)
    issues = submitted_nominations(
        page, len(titles), author=ParticipantFactory(), moderator=volunteer, titles=titles
    )
    return page, issues


def url(page, name, *args):
    return page.url + page.reverse_subpage(name, args=list(args))


def page_text(client, address):
    return client.get(address).content.decode().replace("&#x27;", "'")


@pytest.fixture
def labelled(volunteer):
    page, issues = vote(volunteer)
    result = freeze(page.ordered_rounds()[0], issues, IRV_PICKS, seed=SEED)
    return page, issues, result


@pytest.fixture
def unlabelled(volunteer):
    page, issues = vote(volunteer, title="Our earlier vote")
    result = freeze(page.ordered_rounds()[0], issues, IRV_PICKS, labelled=False)
    return page, issues, result


def what_people_see(view):
    return (
        view.headings,
        [
            (row.nomination_id, row.title, [c.text for c in row.counts], row.fate, row.outcome)
            for row in view.rows
        ],
        view.exhausted,
        view.story,
        view.tie_breaks,
        [n.pk for n in view.winners],
        view.chart,
    )


# --- The results page -----------------------------------------------------------------------


def test_the_labelled_record_names_nominations_by_title(labelled):
    _, issues, result = labelled
    first, second = issues[0].pk, issues[1].pk
    assert record_nominations(result.count) == {
        f"Free bus travel (#{first})": first,
        f"Free bus travel (#{second})": second,
        "Cheaper phone data": issues[2].pk,
        "Safer parks": issues[3].pk,
    }
    assert result.winners == [first]


def test_a_labelled_count_reads_the_same_as_one_frozen_before_labels(labelled, unlabelled):
    new, old = results_view_model(labelled[2].round), results_view_model(unlabelled[2].round)
    # The same ballots, the same nominations in the same places: only the ids differ.
    renumber = {b.pk: a.pk for a, b in zip(labelled[1], unlabelled[1], strict=True)}
    seen_old = what_people_see(old)
    seen_old = (
        seen_old[0],
        [(renumber[pk], *rest) for pk, *rest in seen_old[1]],
        *seen_old[2:5],
        [renumber[pk] for pk in seen_old[5]],
        seen_old[6],
    )
    assert what_people_see(new) == seen_old


def test_the_results_page_shows_titles_counts_and_fates_from_a_labelled_record(visitor, labelled):
    page, _, _ = labelled
    html = page_text(visitor, url(page, "results", 1))
    rows = table(html, "Votes for each nomination at each count")
    out = "–not in this count"
    assert list(rows) == [
        "Free bus travel Won",
        "Free bus travel",
        "Cheaper phone data",
        "Safer parks",
        "Exhausted ballots (no choices left)",
    ]
    assert rows["Free bus travel Won"] == [
        "5",
        "5",
        "7",
        "Won at count 3: more than half of the 11 votes still in the count (7)",
    ]
    assert rows["Safer parks"] == ["1", out, out, "Out at count 2: the fewest votes at count 1 (1)"]
    assert rows["Exhausted ballots (no choices left)"][:3] == ["0", "1", "1"]
    assert "(#" not in html.split('id="check-heading"')[0]  # labels stay in the files
    assert "“Safer parks”, with the fewest votes (1), was out" in html


def test_a_tie_decided_by_lot_is_told_by_title_and_replayable_from_the_record(
    visitor, client, volunteer
):
    page, issues = vote(volunteer, titles=["Buses", "Exams", "Housing", "Parks"])
    picks = [[0]] * 3 + [[1]] * 2 + [[2], [3]]
    result = freeze(page.ordered_rounds()[0], issues, picks, seed=SEED)
    html = page_text(visitor, url(page, "results", 1))
    assert "“Housing” and “Parks” were tied for the fewest votes" in html
    data = client.get(f"/api/v1/votes/{page.pk}/rounds/1/result").json()
    (tie,) = data["tie_breaks"]
    assert tie["rule"] == "lot"
    ids = {str(issues[2].pk), str(issues[3].pk)}
    assert set(tie["tied"]) == ids and set(tie["tickets"]) == ids
    names = {str(c["id"]): c["candidate"] for c in data["candidates"]}
    for pk, ticket in tie["tickets"].items():
        replayed = hashlib.sha256(f"{data['seed']}:1:{names[pk]}".encode()).hexdigest()
        assert ticket == replayed
    assert result.seed == SEED


def test_the_random_seed_is_shown_with_what_it_is_for(visitor, labelled):
    page, _, _ = labelled
    html = page_text(visitor, url(page, "results", 1))
    technical = html.split('id="technical-heading"')[1]
    assert f'<code class="text-break">{SEED}</code>' in technical
    assert (
        "Drawn at random when the round closed; it decides any tie by lot, and anyone can"
        " replay the draw." in technical
    )
    assert "The checksum of the ballot set, below." not in technical


def test_a_result_counted_with_the_checksum_as_seed_still_says_so(visitor, unlabelled):
    page, _, result = unlabelled
    assert result.seed == result.ballot_checksum  # the engine's default, as before
    technical = page_text(visitor, url(page, "results", 1)).split('id="technical-heading"')[1]
    assert "The checksum of the ballot set, below." in technical
    assert "Drawn at random" not in technical


# --- The API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["labelled", "unlabelled"])
def test_the_api_result_names_nominations_by_id_and_gives_their_names(client, form, request):
    page, issues, result = request.getfixturevalue(form)
    data = client.get(f"/api/v1/votes/{page.pk}/rounds/1/result").json()
    ids = [n.pk for n in issues]
    assert [w["id"] for w in data["winners"]] == result.winners == [ids[0]]
    first, second, third = data["stages"][:3]
    assert first["counts"] == {str(ids[0]): 5, str(ids[1]): 4, str(ids[2]): 2, str(ids[3]): 1}
    assert second["eliminated"][0]["nomination_id"] == ids[3]
    assert third["elected"][0]["nomination_id"] == ids[0]
    candidates = {c["id"]: c for c in data["candidates"]}
    assert set(candidates) == set(ids)
    assert candidates[ids[2]]["title"] == "Cheaper phone data"
    names = record_nominations(result.count)
    assert {names[c["candidate"]] for c in data["candidates"]} == set(ids)
    assert data["record"] == result.count  # the full record, for recounting tools
    if form == "labelled":
        assert candidates[ids[3]]["candidate"] == "Safer parks"
        assert candidates[ids[0]]["candidate"] == f"Free bus travel (#{ids[0]})"
    else:
        assert candidates[ids[3]]["candidate"] == str(ids[3])


# --- Recounting -------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["labelled", "unlabelled"])
def test_a_recount_from_the_database_matches(form, request):
    _, _, result = request.getfixturevalue(form)
    recount = round_recount(round=result.round, actor=None)
    assert recount.matches
    assert recount.winners == result.winners


def ranked_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    width = max(len(row) for row in rows)
    writer.writerow([f"rank{i}" for i in range(1, width + 1)])
    for row in rows:
        writer.writerow(row + [""] * (width - len(row)))
    return buffer.getvalue()


@pytest.mark.parametrize("names", ["labels", "ids"])
def test_a_recount_from_a_file_naming_nominations_by_label_or_by_id_matches(
    labelled, tmp_path, names
):
    _, issues, result = labelled
    labels = {pk: label for label, pk in record_nominations(result.count).items()}
    name = (lambda n: labels[n.pk]) if names == "labels" else (lambda n: str(n.pk))
    path = tmp_path / "ballots.csv"
    path.write_text(ranked_csv([[name(issues[j]) for j in pick] for pick in IRV_PICKS]))
    out = io.StringIO()
    call_command("recount", str(result.round_id), "--file", str(path), stdout=out)
    assert "matches the published result" in out.getvalue()
    assert f"{issues[0].pk}: Free bus travel (#{issues[0].pk})" in out.getvalue()


def test_a_recount_from_a_blt_file_with_labels_matches(labelled, tmp_path):
    _, issues, result = labelled
    labels = {pk: label for label, pk in record_nominations(result.count).items()}
    ballots = Ballots.ranked(
        [labels[n.pk] for n in issues], [[labels[issues[j].pk] for j in p] for p in IRV_PICKS]
    )
    path = tmp_path / "ballots.blt"
    path.write_text(write_blt(ballots, seats=1, title="Our vote"))
    assert round_recount(round=result.round, actor=None, file=str(path)).matches


def test_a_tampered_labelled_file_does_not_match(labelled, tmp_path):
    _, issues, result = labelled
    labels = {pk: label for label, pk in record_nominations(result.count).items()}
    rows = [[labels[issues[j].pk] for j in pick] for pick in IRV_PICKS]
    rows[0] = [labels[issues[3].pk]]
    path = tmp_path / "ballots.csv"
    path.write_text(ranked_csv(rows))
    with pytest.raises(CommandError, match="does not match"):
        call_command("recount", str(result.round_id), "--file", str(path), stdout=io.StringIO())


def test_a_file_naming_a_nomination_not_on_the_ballot_is_refused_with_its_line(labelled, tmp_path):
    _, _, result = labelled
    path = tmp_path / "ballots.csv"
    path.write_text(ranked_csv([["Safer parks"], ["Something else entirely"]]))
    with pytest.raises(CommandError, match="line 3: unknown candidate 'Something else entirely'"):
        call_command("recount", str(result.round_id), "--file", str(path), stdout=io.StringIO())


def test_an_approval_round_recounts_from_a_labelled_file(volunteer, tmp_path):
    page, issues = vote(volunteer, rounds=(("approval", 2, 3),))
    picks = [[0, 1], [1, 2], [0], [2, 3], [3, 0, 1], [1]]
    result = freeze(page.ordered_rounds()[0], issues, picks, seed=SEED)
    labels = {pk: label for label, pk in record_nominations(result.count).items()}
    header = [labels[n.pk] for n in reversed(issues)]  # any column order will do
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for pick in picks:
        chosen = {labels[issues[j].pk] for j in pick}
        writer.writerow(["1" if name in chosen else "0" for name in header])
    path = tmp_path / "ballots.csv"
    path.write_text(buffer.getvalue())
    assert round_recount(round=result.round, actor=None, file=str(path)).matches
    assert round_recount(round=result.round, actor=None).matches
    path.write_text(buffer.getvalue().replace("Safer parks", "Safer streets"))
    with pytest.raises(ValidationError, match="names 'Safer streets', which is not a nomination"):
        round_recount(round=result.round, actor=None, file=str(path))


def test_a_title_edited_after_the_count_shows_as_it_is_now_beside_the_same_count(visitor, labelled):
    page, issues, _ = labelled
    issues[2].title = "Cheaper mobile data"
    issues[2].save(update_fields=["title"])
    rows = table(page_text(visitor, url(page, "results", 1)), "Votes for each nomination")
    assert rows["Cheaper mobile data"][:2] == ["2", "2"]
