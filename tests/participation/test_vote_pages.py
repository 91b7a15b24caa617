"""The pages of a campaign vote, as a participant, a visitor and an auditor use them."""

import csv
import io
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from participation.models import Ballot, RoundResult
from participation.services.rounds import round_close
from tests.factories import ParticipantFactory
from tests.participation.factories import campaign_vote, submitted_nominations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Published files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def url(page, name, *args):
    return page.url + page.reverse_subpage(name, args=list(args))


@pytest.fixture
def approval_round(participant, volunteer):
    page = campaign_vote(rounds=(("approval", 2, 2), ("irv", 1, 3)))
    issues = submitted_nominations(page, 4, author=ParticipantFactory(), moderator=volunteer)
    return page, issues


@pytest.fixture
def ranked_round(volunteer):
    page = campaign_vote(rounds=(("irv", 1, 3),))
    issues = submitted_nominations(page, 4, author=ParticipantFactory(), moderator=volunteer)
    return page, issues


def test_the_page_says_where_things_stand_and_what_to_do(visitor, approval_round):
    page, _ = approval_round
    html = visitor.get(page.url).content.decode()
    assert "Where things stand: Voting open" in html
    assert "Vote now" in html
    assert html.count("<h1") == 1


def test_a_participant_ticks_choices_without_javascript(client_for, participant, approval_round):
    page, issues = approval_round
    client = client_for(participant)
    form = client.get(url(page, "ballot", 1)).content.decode()
    assert form.count('type="checkbox"') == 4
    response = client.post(
        url(page, "ballot", 1), {"choices": [issues[0].pk, issues[2].pk]}, follow=True
    )
    assert response.status_code == 200
    # The thank-you page is a page of its own: refreshing it sends nothing again.
    assert response.redirect_chain[-1][0].endswith("/rounds/1/vote/received/")
    receipt = re.search(r"<code>([A-Z0-9-]{14})</code>", response.content.decode()).group(1)
    ballot = Ballot.objects.get(voter=participant)
    assert ballot.receipt == receipt
    assert ballot.choices == sorted([issues[0].pk, issues[2].pk])


def test_too_many_ticks_get_a_clear_message_and_nothing_saved(
    client_for, participant, approval_round
):
    page, issues = approval_round
    response = client_for(participant).post(
        url(page, "ballot", 1), {"choices": [i.pk for i in issues[:3]]}
    )
    assert response.status_code == 400
    assert "You can choose up to 2" in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_tampered_choice_is_refused(client_for, participant, approval_round):
    page, _ = approval_round
    response = client_for(participant).post(url(page, "ballot", 1), {"choices": ["999999"]})
    assert response.status_code == 400
    assert "isn&#x27;t on this ballot" in response.content.decode()
    assert not Ballot.objects.exists()


def test_ranked_ballots_work_with_a_rank_per_nomination(client_for, participant, ranked_round):
    page, issues = ranked_round
    client = client_for(participant)
    data = {f"rank_{issues[2].pk}": "1", f"rank_{issues[0].pk}": "2"}
    assert client.post(url(page, "ballot", 1), data).status_code == 302
    assert Ballot.objects.get(voter=participant).choices == [issues[2].pk, issues[0].pk]


def test_repeated_ranks_are_refused(client_for, participant, ranked_round):
    page, issues = ranked_round
    data = {f"rank_{issues[2].pk}": "1", f"rank_{issues[0].pk}": "1"}
    response = client_for(participant).post(url(page, "ballot", 1), data)
    assert response.status_code == 400
    assert "Each rank can only be used once" in response.content.decode()
    assert not Ballot.objects.exists()


def test_changing_a_vote_keeps_one_ballot(client_for, participant, approval_round):
    page, issues = approval_round
    client = client_for(participant)
    client.post(url(page, "ballot", 1), {"choices": [issues[0].pk]})
    page_html = client.get(url(page, "ballot", 1)).content.decode()
    assert "You've already voted" in page_html.replace("&#x27;", "'")
    client.post(url(page, "ballot", 1), {"choices": [issues[1].pk]})
    assert list(Ballot.objects.values_list("choices", flat=True)) == [[issues[1].pk]]


def test_each_participant_sees_their_own_order(approval_round, client_for):
    page, _ = approval_round
    orders = set()
    for person in ParticipantFactory.create_batch(6):
        html = client_for(person).get(url(page, "ballot", 1)).content.decode()
        orders.add(tuple(re.findall(r'name="choices" value="(\d+)"', html)))
    assert len(orders) > 1


@pytest.mark.parametrize("who", ["visitor", "unverified"])
def test_non_participants_are_sent_to_their_next_step(request, client_for, approval_round, who):
    page, _ = approval_round
    client = (
        request.getfixturevalue(who)
        if who == "visitor"
        else client_for(request.getfixturevalue(who))
    )
    response = client.get(url(page, "ballot", 1))
    assert response.status_code == 302
    assert response["Location"].startswith(("/accounts/login/", "/accounts/email/"))


def test_an_unknown_round_is_404(client_for, participant, approval_round):
    page, _ = approval_round
    assert client_for(participant).get(url(page, "ballot", 9)).status_code == 404
    assert client_for(participant).get(url(page, "results", 9)).status_code == 404
    # Round 1 exists but has no result yet: its address says when (not "not found").
    assert client_for(participant).get(url(page, "results", 1)).status_code == 200


def close_with_votes(page, issues, picks):
    round_ = page.ordered_rounds()[0]
    from participation.services.ballots import ballot_cast
    from participation.services.rounds import round_shortlist_freeze

    round_shortlist_freeze(round=round_, default=issues)
    receipts = []
    for choice in picks:
        ballot = ballot_cast(
            participant=ParticipantFactory(),
            round=round_,
            choices=[issues[i].pk for i in choice],
        )
        receipts.append(ballot.receipt)
    return round_close(round=round_, actor=None, now=round_.closes_at), receipts


def test_results_show_winners_a_table_a_chart_and_representativeness(visitor, ranked_round):
    page, issues = ranked_round
    close_with_votes(page, issues, [[0, 1], [0], [1, 0], [2, 1], [3, 2]] * 2)
    html = visitor.get(url(page, "results", 1)).content.decode().replace("&#x27;", "'")
    assert issues[0].title in html.split("What we'll campaign on")[1].split("</ol>")[0]
    assert "<svg" in html and "<table" in html and '<caption id="count-table-caption">' in html
    assert "Share of UK 13–25s" in html
    assert "margin of error" in html
    assert "can and can't tell you" in html


def test_results_of_fewer_than_10_voters_show_no_breakdown_of_who_voted(visitor, ranked_round):
    page, issues = ranked_round
    close_with_votes(page, issues, [[0, 1], [0], [1, 0], [2, 1], [3, 2]])
    html = visitor.get(url(page, "results", 1)).content.decode().replace("&#x27;", "'")
    assert "<svg" in html and "5 ballots" in html  # the count is still there to check
    assert "Share of UK 13–25s" not in html
    assert "Fewer than 10 people voted, so we don't show who voted by age or by area" in html


def download(client, page, name, number=1) -> str:
    response = client.get(url(page, name, number))
    assert response.status_code == 200
    return response.getvalue().decode()


def recount(round_id, *options) -> str:
    out = io.StringIO()
    call_command("recount", str(round_id), *options, stdout=out)
    return out.getvalue()


def test_published_ballots_name_nominations_and_recount_to_the_same_result(
    visitor, ranked_round, tmp_path
):
    page, issues = ranked_round
    result, _ = close_with_votes(page, issues, [[0, 1], [0], [1, 0], [2, 1], [3, 2], [1, 2, 0]])
    published = download(visitor, page, "ballots-csv")
    rows = list(csv.reader(io.StringIO(published)))
    assert rows[0] == ["rank1", "rank2", "rank3"]
    assert len(rows) == 1 + 6
    # Each nomination by its title, so the file can be checked without a lookup table.
    assert ["Issue number 1", "Issue number 2", "Issue number 0"] in rows
    assert ["Issue number 0", "", ""] in rows
    assert "voter" not in published
    expected = (
        f"Frozen result: winners {result.winners}, checksum {result.ballot_checksum}\n"
        f"Recount:       winners {result.winners}, checksum {result.ballot_checksum}\n"
    )
    path = tmp_path / "ballots.csv"
    path.write_text(published)
    out = recount(result.round_id, "--file", str(path))
    assert out.startswith(expected)
    assert f"{issues[1].pk}: Issue number 1" in out
    assert out.rstrip().endswith("The recount matches the published result.")
    blt = tmp_path / "ballots.blt"
    blt.write_text(download(visitor, page, "ballots-blt"))
    assert '"Issue number 3"' in blt.read_text()
    out = recount(result.round_id, "--file", str(blt))
    assert out.startswith(expected) and "The recount matches the published result." in out
    out = recount(result.round_id)
    assert out.startswith(expected) and "The recount matches the published result." in out


def test_a_visitor_recounts_the_csv_with_the_engine_alone(visitor, ranked_round, tmp_path):
    """What the results page promises: download, count, compare; no account, no site."""
    import hashlib
    import json
    import subprocess
    import sys

    page, issues = ranked_round
    result, _ = close_with_votes(page, issues, [[0, 1], [0], [1, 0], [2, 1], [3, 2], [1, 2, 0]])
    path = tmp_path / "ballots.csv"
    path.write_text(download(visitor, page, "ballots-csv"))

    def engine(*options) -> str:
        command = [sys.executable, "-m", "participation.counting", str(path), *options]
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        return done.stdout

    counted = json.loads(engine("--method", "irv", "--json"))
    named = result.count["nominations"]
    assert [named[label] for label in counted["winners"]] == result.winners
    canonical = engine("--method", "irv", "--canonical")
    assert hashlib.sha256(canonical.encode()).hexdigest() == result.ballot_checksum


def test_the_receipts_file_lines_up_with_the_ballots_file(visitor, ranked_round):
    from participation.receipts import receipt_fingerprint
    from participation.selectors.ballots import published_ballot_find

    page, issues = ranked_round
    _, receipts = close_with_votes(page, issues, [[0, 1], [0], [1, 0], [2, 1], [3, 2], [1, 2, 0]])
    ballots = list(csv.reader(io.StringIO(download(visitor, page, "ballots-csv"))))
    published = list(csv.reader(io.StringIO(download(visitor, page, "receipts-csv"))))
    assert published[0] == ["ballot", "receipt_fingerprint"]
    assert [row[0] for row in published[1:]] == [str(n) for n in range(1, 7)]
    titles = {issue.pk: issue.title for issue in issues}
    for receipt in receipts:
        row, choices = published_ballot_find(page.ordered_rounds()[0], receipt)
        assert published[row] == [str(row), receipt_fingerprint(receipt)]
        assert [cell for cell in ballots[row] if cell] == [titles[pk] for pk in choices]


def test_the_files_are_written_once_when_the_round_closes(visitor, ranked_round):
    page, issues = ranked_round
    result, _ = close_with_votes(page, issues, [[0, 1], [0], [1, 0]])
    assert result.ballots_csv and result.ballots_blt and result.receipts_csv
    before = [download(visitor, page, name) for name in ("ballots-csv", "ballots-blt")]
    Ballot.objects.filter(round=result.round).update(choices=[issues[3].pk])
    assert [download(visitor, page, name) for name in ("ballots-csv", "ballots-blt")] == before
    response = visitor.get(url(page, "ballots-csv", 1))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{page.slug}-round-1-ballots.csv"'
    )


def test_a_round_closed_before_files_were_stored_still_downloads(visitor, approval_round):
    page, issues = approval_round
    result, _ = close_with_votes(page, issues, [[0, 1], [0], [2, 3]])
    # As such a round was frozen: no stored files, nominations named by id.
    ids = sorted(issue.pk for issue in issues)
    record = {**result.count, "candidates": [str(pk) for pk in ids]}
    record.pop("nominations")
    RoundResult.objects.filter(pk=result.pk).update(
        ballots_csv="", ballots_blt="", receipts_csv="", count=record
    )
    rows = list(csv.reader(io.StringIO(download(visitor, page, "ballots-csv"))))
    assert rows[0] == [str(pk) for pk in ids]
    ticked = sorted(
        sorted(int(pk) for pk, cell in zip(rows[0], row, strict=True) if cell == "1")
        for row in rows[1:]
    )
    assert ticked == sorted([sorted([ids[0], ids[1]]), [ids[0]], sorted([ids[2], ids[3]])])
    receipts = download(visitor, page, "receipts-csv").splitlines()
    assert receipts[0] == "ballot,receipt_fingerprint" and len(receipts) == 4
    assert visitor.get(url(page, "ballots-blt", 1)).status_code == 404  # approval: CSV only


def test_a_tampered_ballot_file_does_not_recount(visitor, ranked_round, tmp_path):
    page, issues = ranked_round
    result, _ = close_with_votes(page, issues, [[0, 1], [0], [1, 0], [2, 1], [3, 2]])
    rows = download(visitor, page, "ballots-csv").splitlines()
    width = len(rows[0].split(","))
    rows[1] = ",".join([issues[3].title] + [""] * (width - 1))
    path = tmp_path / "ballots.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(CommandError, match="does not match"):
        recount(result.round_id, "--file", str(path))
    path.write_text(rows[0] + "\n" + "not,a,ballot,row,at,all\n")
    with pytest.raises(CommandError, match="line 2"):
        recount(result.round_id, "--file", str(path))


def test_a_voter_finds_their_ballot_with_their_receipt(visitor, approval_round):
    page, issues = approval_round
    _, receipts = close_with_votes(page, issues, [[0], [1], [0, 1]])
    html = visitor.get(
        url(page, "receipt-check", 1), {"receipt": receipts[2].lower()}
    ).content.decode()
    assert "Your ballot is number" in html
    html = visitor.get(
        url(page, "receipt-check", 1), {"receipt": "ABCD-EFGH-JKLM"}
    ).content.decode()
    assert "couldn't find that receipt" in html.replace("&#x27;", "'")


def test_the_approval_round_advances_its_winners(approval_round):
    page, issues = approval_round
    result, _ = close_with_votes(page, issues, [[0, 1], [0, 1], [0, 2], [3]])
    assert result.winners == [issues[0].pk, issues[1].pk]
    assert RoundResult.objects.count() == 1


def test_my_participation_lists_what_i_did(client_for, participant, approval_round):
    page, issues = approval_round
    client = client_for(participant)
    client.post(url(page, "ballot", 1), {"choices": [issues[0].pk]})
    html = client.get("/me/participation/").content.decode()
    receipt = Ballot.objects.get(voter=participant).receipt
    assert receipt in html
    assert "You voted in" in html


@pytest.mark.parametrize("path", ["", "ballot"])
def test_query_count_does_not_grow_with_nominations(client_for, participant, volunteer, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (10, 500):
        page = campaign_vote(title=f"Vote with {size}", rounds=(("approval", 2, 3),))
        submitted_nominations(page, size, author=ParticipantFactory(), moderator=volunteer)
        target = page.url if not path else url(page, "ballot", 1)
        client = client_for(participant)
        client.get(target)  # warm caches (site, settings)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_flood_of_ballots_is_slowed_down_kindly(client_for, participant, approval_round):
    page, issues = approval_round
    client = client_for(participant)
    # The limit counts per minute of the clock: held still, so a slow run can't straddle
    # two minutes and get a fresh allowance halfway through.
    with time_machine.travel(timezone.now(), tick=False):
        statuses = [
            client.post(url(page, "ballot", 1), {"choices": [issues[n % 4].pk]}).status_code
            for n in range(31)
        ]
        last = client.post(url(page, "ballot", 1), {"choices": [issues[3].pk]})
    assert statuses[:30] == [302] * 30
    assert statuses[30] == 429
    assert "Please wait a moment" in last.content.decode()
    assert Ballot.objects.get(voter=participant).choices == [issues[(29) % 4].pk]
