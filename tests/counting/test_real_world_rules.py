"""RCTab's published counts, reproduced round by round with the same ballot rules.

RCTab, the open-source ranked-choice tabulator, ships its regression cases with the
cast-vote records, the rules (``*_config.json``) and the result it must print
(``*_expected_summary.json``): every round's tally and the ballots no longer counting
by why. The cases in ``data/rctab/`` (see its README) are counted here twice, and
both counts must give RCTab's figures exactly:

* by our engine (``read_cvr`` with the rules mapped from the config, then
  ``count("irv", ...)``), and
* by ``rctab_reference`` below: a small stand-alone tabulator written from RCTab's
  documented rules, reading the converted CSV itself. It shares nothing with the
  engine, so a wrong conversion of the records (or a wrong expectation) cannot pass
  by the engine agreeing with itself.

Reading RCTab's figures needs care in a few places:

* **When a round's figures are taken.** RCTab reports each round as it stands when
  that round's tally is made: round 1 is the first preferences, round k the count
  after round k-1's eliminations. Our ``Round`` k is the same moment (the count after
  the eliminations listed in ``round.eliminated``), so RCTab round k is our round k
  wherever both eliminate one candidate a round. ``round.inactive`` is our running
  total at that moment, as RCTab's ``inactiveBallots`` is.
* **Where a ballot lands is fixed by who is still in.** Under these rules a ballot's
  place depends only on which candidates remain, not on the order they left. So each
  RCTab round is matched with the stage of our count that has exactly the same
  candidates left, and compared in full.
* **Batch elimination** (Minneapolis): RCTab removed several hopeless candidates in
  one round (rounds 31 and 32). We remove one a round, so our count has a stage in
  between each time (35 stages to RCTab's 33) which RCTab never shows; every RCTab
  round is still one of our stages.
* **Undeclared write-ins** (Minneapolis ``W``): RCTab counts them as one candidate in
  round 1 and drops them before anyone else, whatever their total. Our IRV drops the
  fewest first, so it drops the write-ins only at its round 10, after eight declared
  candidates; from then on its stages are RCTab's rounds again. RCTab's rounds 2 to
  9 are compared with our count of the same ballots with the write-ins taken out
  (``restrict``): each ballot as the rules left it, minus its ``W`` mark (a ballot
  left with nothing is no longer counting, for want of a preference, as RCTab's is).
  Rounds both counts reach are compared in both.
* **Inactive ballots, RCTab's names against ours** (``INACTIVE_NAMES``): over-votes,
  skipped rankings and repeated rankings match ours one for one. RCTab splits ballots
  that ran out of choices into "exhausted choices" and, when a ballot's last mark
  leaves more blank ranks than the skipped-rank limit allows, "undervotes" (RCTab
  1.3.999 prints the first kind split into fully and partially ranked). The
  summaries here do not print the second kind each round, so it is worked out as
  the ballots otherwise unaccounted for (total less blank, counted and shown
  inactive); our "no-preference" is the sum. Blank ballots are RCTab's summary
  ``undervotes``, our "blank", in every round. Test set 6's summary is of an older
  format that prints no inactive ballots at all: there our reasons are checked
  against the reference tabulator's, and their total against the summary's tallies.
* **Residual surplus** exists only in RCTab's multi-seat counts; these are single-seat.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from participation.counting import count
from participation.counting.ballots import Ballots
from participation.counting.formats.csv import read_cvr
from participation.counting.rules import NO_PREFERENCE, BallotRules

DATA = Path(__file__).resolve().parent / "data" / "rctab"

# RCTab's config values, by hand, as our ballot rules.
OVERVOTE_RULES = {
    "exhaustImmediately": "exhaust",
    "alwaysSkipToNextRank": "skip",
    "exhaustIfMultipleContinuing": "exhaust-if-multiple",
}
# RCTab's reasons a ballot is inactive, by hand, as ours ("undervote" after round 1
# is not printed per round in these summaries; see the module docstring).
INACTIVE_NAMES = {
    "overvotes": "overvote",
    "skippedRankings": "skipped",
    "repeatedRankings": "repeated",
    "exhaustedChoices": "no-preference",
    "exhaustedChoicesFullyRanked": "no-preference",
    "exhaustedChoicesPartiallyRanked": "no-preference",
}
# The reference's reasons (RCTab's, plus "blank" and the unprinted "undervote") as ours.
REFERENCE_NAMES = {
    "blank": "blank",
    "overvotes": "overvote",
    "skippedRankings": "skipped",
    "repeatedRankings": "repeated",
    "exhaustedChoices": NO_PREFERENCE,
    "undervote": NO_PREFERENCE,
}
# The label RCTab gives the undeclared write-ins in its results.
RCTAB_WRITE_IN = "Undeclared Write-ins"


@dataclass(frozen=True)
class Case:
    folder: str
    stem: str  # RCTab's file names: <stem>_config.json, <stem>_expected_summary.json
    # The RCTab rounds each of our counts reaches (see the module docstring): "count"
    # our count of the records, "without write-ins" our count with them taken out.
    reached: dict[str, tuple[int, ...]]
    write_in: str | None = None  # the CVR id of the undeclared write-ins, if any
    # Where the records are, when the project already holds them elsewhere.
    records: Path | None = None

    @property
    def path(self) -> Path:
        return DATA / self.folder

    @property
    def cvr(self) -> Path:
        return self.records / "mpls2013_mayor_cvr.csv" if self.records else self.path / "cvr.csv"

    @property
    def candidates(self) -> Path:
        return (self.records or self.path) / "candidates.csv"


CASES = {
    case.folder: case
    for case in (
        Case(
            "minneapolis_2013_mayor",
            "2013_minneapolis_mayor",
            reached={
                "count": (1, *range(10, 34)),
                "without write-ins": tuple(range(2, 34)),
            },
            write_in="W",
            records=DATA.parent / "elections" / "minneapolis_2013_mayor_irv",
        ),
        Case(
            "test_set_1_exhaust_at_overvote",
            "test_set_1_exhaust_at_overvote",
            reached={"count": (1, 2, 3)},
        ),
        Case(
            "test_set_2_overvote_skip_to_next",
            "test_set_2_overvote_skip_to_next",
            reached={"count": (1, 2, 3)},
        ),
        Case(
            "test_set_6_duplicate_exhaust",
            "test_set_6_duplicate_exhaust",
            reached={"count": (1, 2, 3)},
        ),
    )
}


@dataclass(frozen=True)
class Expected:
    """One RCTab round, in our terms."""

    number: int
    tally: dict[str, int]
    # The ballots no longer counting: all of them, then (when the summary prints them,
    # None if not) by reason as printed (RCTab's names), how many ran out of choices
    # unprinted, and by reason in our names (blank, overvote, ..., no-preference).
    inactive_total: int
    shown: dict[str, int] | None
    unprinted: int | None
    inactive: dict[str, int] | None
    threshold: int | None
    eliminated: tuple[str, ...]
    elected: tuple[str, ...]
    transfers: dict[str, dict[str, int]]


def load_json(case: Case, suffix: str) -> dict:
    return json.loads((case.path / f"{case.stem}_{suffix}.json").read_text(encoding="utf-8"))


def expected_rounds(case: Case) -> list[Expected]:
    """RCTab's rounds in our terms. The oldest summaries (test set 6) print only the
    tallies and transfers: there the reasons come from the reference alone."""
    summary = load_json(case, "expected_summary")
    if "summary" in summary:
        total = int(summary["summary"]["totalNumBallots"])
        blank = int(summary["summary"]["undervotes"])
    else:
        total, blank = sum(read_records(case)[0].values()), None
    rounds = []
    for result in summary["results"]:
        tally = {name: int(v) for name, v in result["tally"].items()}
        shown = unprinted = ours = None
        if "inactiveBallots" in result:
            shown = {name: int(v) for name, v in result["inactiveBallots"].items()}
            unprinted = total - blank - sum(tally.values()) - sum(shown.values())
            ours = {"blank": blank, "overvote": 0, "skipped": 0, "repeated": 0, NO_PREFERENCE: 0}
            for name, value in shown.items():
                ours[INACTIVE_NAMES[name]] += value
            ours[NO_PREFERENCE] += unprinted
        steps = result["tallyResults"]
        rounds.append(
            Expected(
                number=result["round"],
                tally=tally,
                inactive_total=total - sum(tally.values()),
                shown=shown,
                unprinted=unprinted,
                inactive=ours,
                threshold=int(result["threshold"]) if "threshold" in result else None,
                eliminated=tuple(s["eliminated"] for s in steps if "eliminated" in s),
                elected=tuple(s["elected"] for s in steps if "elected" in s),
                transfers={
                    s["eliminated"]: {k: int(v) for k, v in s["transfers"].items()}
                    for s in steps
                    if "eliminated" in s
                },
            )
        )
    return rounds


def skipped_limit(rules: dict) -> int | None:
    value = str(rules["maxSkippedRanksAllowed"])
    return None if value in ("unlimited", "") else int(value)


def ballot_rules(config: dict) -> BallotRules:
    """RCTab's config as our ballot rules, by hand."""
    rules = config["rules"]
    return BallotRules(
        overvote=OVERVOTE_RULES[rules["overvoteRule"]],
        skipped_ranks=skipped_limit(rules),
        repeated="exhaust" if rules["exhaustOnDuplicateCandidate"] else "ignore",
    )


# ------------------------------------------------------------- the reference

OVERVOTE_LABEL = "overvote"  # RCTab's mark for an over-vote that names no one


def read_records(case: Case) -> tuple[Counter, dict[str, str]]:
    """The converted records, read independently of the project's readers: each
    ballot as its marked ranks ``((rank, frozenset of names), ...)``, unmarked ranks
    left out (as RCTab keeps them)."""
    with open(case.candidates, newline="", encoding="utf-8") as file:
        names = {row["id"]: row["name"] for row in csv.DictReader(file)}
    ballots: Counter = Counter()
    with open(case.cvr, newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        header = next(rows)
        assert all(cell.startswith("rank") for cell in header)
        for row in rows:
            marks = []
            for rank, cell in enumerate(row, start=1):
                if cell in ("", "U"):
                    continue
                if cell == "O":
                    marks.append((rank, frozenset([OVERVOTE_LABEL])))
                else:
                    marks.append((rank, frozenset(names[key] for key in cell.split("="))))
            ballots[tuple(marks)] += 1
    return ballots, names


def rctab_reference(
    ballots: Counter, config: dict, candidates: set[str], write_in: str | None
) -> list[dict]:
    """Single-seat IRV as RCTab documents it, on plain dicts.

    Each round every ballot not yet settled is read from its first rank: a mark after
    more than ``maxSkippedRanksAllowed`` unmarked ranks in a row ends it (skipped); a
    candidate marked again ends it if ``exhaustOnDuplicateCandidate``; an over-vote
    ends it (``exhaustImmediately``), is passed over (``alwaysSkipToNextRank``; as the
    last mark it leaves the ballot with no choices) or, under
    ``exhaustIfMultipleContinuing``, ends it only if two or more of its candidates
    are still in. A ballot whose last mark is passed leaves as "undervote" if more
    blank ranks follow than the skipped-rank limit allows, else "exhaustedChoices".
    A blank ballot ("blank" here; RCTab's summary "undervotes") never counts. The winner needs
    ``floor(active / 2) + 1``; undeclared write-ins go first and cannot win; with
    ``batchElimination`` every candidate who could not overtake the next one even
    with all the lower votes goes at once. Ties are not needed here, so not handled.
    """
    rules = config["rules"]
    rule = rules["overvoteRule"]
    limit = skipped_limit(rules)
    width = int(rules["maxRankingsAllowed"])
    repeats_end = rules["exhaustOnDuplicateCandidate"]
    continuing = set(candidates)

    def place(marks):
        if not marks:
            return ("out", "blank")
        last_rank, seen, final = 0, set(), marks[-1][0]
        for rank, names in marks:
            if limit is not None and rank - last_rank > limit + 1:
                return ("out", "skippedRankings")
            last_rank = rank
            if repeats_end:
                if names & seen:
                    return ("out", "repeatedRankings")
                seen |= names
            if names == {OVERVOTE_LABEL}:
                assert rule != "exhaustIfMultipleContinuing", "that rule needs named over-votes"
                decision = "exhaust" if rule == "exhaustImmediately" else "skip"
            elif len(names) < 2:
                decision = None
            elif rule == "exhaustImmediately":
                decision = "exhaust"
            elif rule == "alwaysSkipToNextRank":
                decision = "skip"
            else:
                decision = "exhaust" if len(names & continuing) > 1 else None
            if decision == "exhaust":
                return ("out", "overvotes")
            if decision == "skip":
                if rank == final:
                    return ("out", "exhaustedChoices")
                continue
            for name in names:
                if name in continuing:
                    return name
            if rank == final:
                if limit is not None and width - rank > limit:
                    return ("out", "undervote")
                return ("out", "exhaustedChoices")
        raise AssertionError("unreachable: the last mark always settles the ballot")

    where = dict.fromkeys(ballots)
    rounds: list[dict] = []
    while True:
        tally = dict.fromkeys(continuing, 0)
        inactive: Counter = Counter()
        moves: dict[str, Counter] = {}
        for marks, n in ballots.items():
            now = where[marks]
            if now is None or (isinstance(now, str) and now not in continuing):
                new = place(marks)
                if now is not None:
                    moves.setdefault(now, Counter())[
                        new if isinstance(new, str) else "exhausted"
                    ] += n
                where[marks] = now = new
            if isinstance(now, str):
                tally[now] += n
            else:
                inactive[now[1]] += n
        if rounds:
            rounds[-1]["transfers"] = {who: dict(to) for who, to in moves.items()}
        threshold = sum(tally.values()) // 2 + 1
        record = {"tally": tally, "inactive": inactive, "threshold": threshold}
        rounds.append(record)
        write_ins_in = write_in in continuing and tally[write_in] > 0
        winners = [] if write_ins_in else [c for c in tally if tally[c] >= threshold]
        if winners:
            record["elected"] = winners
            record["transfers"] = {}
            return rounds
        if write_ins_in:
            out = [write_in]
        else:
            out = batch_losers(tally) if rules["batchElimination"] else []
            if len(out) < 2:
                fewest = min(tally.values())
                out = [c for c in tally if tally[c] == fewest]
                assert len(out) == 1, f"a tie for last place: {out}"
        record["eliminated"] = out
        continuing -= set(out)


def batch_losers(tally: dict[str, int]) -> list[str]:
    """Everyone who could not catch the next candidate up even with all the votes of
    those below: walking up from the lowest total, while the running total of the
    candidates seen is below the next total, all of them go."""
    out: list[str] = []
    running, seen = 0, []
    for votes in sorted(set(tally.values())):
        if running < votes:
            out.extend(c for c in seen if c not in out)
        level = [c for c in tally if tally[c] == votes]
        running += votes * len(level)
        seen.extend(level)
    return out


def reference_rounds(case: Case) -> list[dict]:
    ballots, names = read_records(case)
    write_in = names[case.write_in] if case.write_in else None
    return rctab_reference(ballots, load_json(case, "config"), set(names.values()), write_in)


def in_our_names(inactive: Counter) -> dict[str, int]:
    ours = dict.fromkeys(("blank", "overvote", "skipped", "repeated", NO_PREFERENCE), 0)
    for reason, value in inactive.items():
        ours[REFERENCE_NAMES[reason]] += value
    return ours


@pytest.mark.parametrize("name", list(CASES))
def test_reference_tabulator_gives_rctabs_published_rounds(name):
    case = CASES[name]
    if case.write_in:
        assert read_records(case)[1][case.write_in] == RCTAB_WRITE_IN
    ours = reference_rounds(case)
    expected = expected_rounds(case)
    assert len(ours) == len(expected)
    for mine, theirs in zip(ours, expected, strict=True):
        where = f"round {theirs.number}"
        assert mine["tally"] == theirs.tally, where
        assert sum(mine["inactive"].values()) == theirs.inactive_total, where
        if theirs.shown is not None:
            printed = dict(theirs.shown)
            # RCTab 1.3 split "exhausted choices" into fully and partially ranked.
            split = [
                r for r in printed if r.startswith("exhaustedChoices") and r != "exhaustedChoices"
            ]
            if split:
                printed["exhaustedChoices"] = sum(printed.pop(r) for r in split)
            for reason, value in printed.items():
                assert mine["inactive"][reason] == value, f"{where}: {reason}"
            assert mine["inactive"]["undervote"] == theirs.unprinted, where
            assert in_our_names(mine["inactive"]) == theirs.inactive, where
        if theirs.threshold is not None:
            assert mine["threshold"] == theirs.threshold, where
        # RCTab lists a batch in no particular order.
        assert sorted(mine.get("eliminated", ())) == sorted(theirs.eliminated), where
        assert tuple(mine.get("elected", ())) == theirs.elected, where
        assert mine["transfers"] == theirs.transfers, where


# ------------------------------------------------------------- the engine


def restrict(ballots: Ballots, keep: set[str]) -> Ballots:
    """The same ballots with only ``keep`` left in the count: each ballot as the
    rules left it, its other candidates struck out; one left with nothing (that was
    not blank) stops for want of a preference, and one the rules stopped keeps why."""
    old = ballots.candidates
    kept = [c for c in old if c in keep]
    index = {c: i for i, c in enumerate(kept)}

    def struck(groups, end, n):
        left = tuple(
            g
            for g in (tuple(index[old[c]] for c in group if old[c] in keep) for group in groups)
            if g
        )
        if groups and not left and end is None:
            end = NO_PREFERENCE
        return left, end, n

    entries = [
        struck(tuple((c,) for c in row if c >= 0), None, n)
        for row, n in zip(ballots.rows.tolist(), ballots.counts.tolist(), strict=True)
    ]
    entries += [struck(m.groups, m.end, m.count) for m in ballots.marked]
    return Ballots.from_groups(kept, entries, rules=ballots.rules)


def stages(result) -> dict[frozenset, object]:
    """Each round of a count, by the candidates still in at that round."""
    left = set(result.candidates)
    out = {}
    for round_ in result.rounds:
        left -= {d.candidate for d in round_.eliminated}
        out.setdefault(frozenset(left), round_)
    return out


def read_case(case: Case):
    config = load_json(case, "config")
    rules = ballot_rules(config)
    election = read_cvr(case.cvr, candidates_file=case.candidates, rules=rules)
    return config, rules, election.ballots


@pytest.mark.parametrize("name", list(CASES))
def test_engine_gives_rctabs_published_rounds(name):
    case = CASES[name]
    _config, rules, ballots = read_case(case)
    result = count("irv", ballots=ballots)
    assert result.rules == rules.to_dict()
    counts = {"count": stages(result)}
    if case.write_in:
        without = set(ballots.candidates) - {RCTAB_WRITE_IN}
        counts["without write-ins"] = stages(count("irv", ballots=restrict(ballots, without)))
    reached: dict[str, list[int]] = {source: [] for source in counts}
    reference = reference_rounds(case)
    for expected, by_reference in zip(expected_rounds(case), reference, strict=True):
        left = frozenset(expected.tally)
        found = [(source, by_left[left]) for source, by_left in counts.items() if left in by_left]
        assert found, f"RCTab round {expected.number}: no stage of ours has the same candidates"
        for source, round_ in found:
            reached[source].append(expected.number)
            where = f"RCTab round {expected.number} ({source})"
            assert {c: round_.counts[c] for c in left} == expected.tally, where
            assert all(v == 0 for c, v in round_.counts.items() if c not in left), where
            if expected.inactive is not None:
                assert round_.inactive == expected.inactive, where
            assert round_.inactive == in_our_names(by_reference["inactive"]), where
            assert sum(round_.inactive.values()) == expected.inactive_total, where
            assert round_.exhausted == expected.inactive_total - round_.inactive["blank"], where
    assert {source: tuple(numbers) for source, numbers in reached.items()} == case.reached


@pytest.mark.parametrize("name", list(CASES))
def test_engine_elects_rctabs_winner(name):
    case = CASES[name]
    _config, _rules, ballots = read_case(case)
    winner = expected_rounds(case)[-1].elected
    assert count("irv", ballots=ballots).winners == winner


def load_converter():
    spec = importlib.util.spec_from_file_location("rctab_convert", DATA / "convert.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


WITH_CDF = [n for n, c in CASES.items() if (c.path / f"{c.stem}_cvr.json").exists()]


@pytest.mark.parametrize("name", WITH_CDF)
def test_converted_records_match_the_original_cdf_report(name):
    case = CASES[name]
    assert WITH_CDF == [
        "test_set_1_exhaust_at_overvote",
        "test_set_2_overvote_skip_to_next",
        "test_set_6_duplicate_exhaust",
    ]
    convert = load_converter()
    report = json.loads((case.path / f"{case.stem}_cvr.json").read_text(encoding="utf-8"))
    width = int(load_json(case, "config")["rules"]["maxRankingsAllowed"])
    with open(case.cvr, newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == [f"rank{r}" for r in range(1, width + 1)]
    assert rows[1:] == convert.ballots(report, width)
