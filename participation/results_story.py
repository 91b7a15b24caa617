"""How a count reads to people: the method in one sentence, the story of the count,
what its words mean, and what happened to each nomination.

Everything here is worked out from the frozen count record (a counting `Result`), so
the words always agree with the table beside them. No Django: the words can be tested
on any count the engine makes.

The engine calls each stage of a count a "round"; on the results page "round" means
the voting round, so a stage of the count is a "count" here: Count 1, Count 2 ...
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from participation.counting.methods import METHODS
from participation.counting.result import Result, Value
from participation.counting.result import Round as Stage

HUNDREDTH = Decimal("0.01")

# How the engine names what a method counts, as the page says it.
MEASURES = {"candidates beaten": "nominations beaten", "tokens held by supporters": "tokens"}

# A run of this many eliminations or more is told in one sentence.
RUN = 3


# --- Numbers ---------------------------------------------------------------------------


def _as_decimal(value: Value) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def human_value(value: Value) -> str:
    """A vote value to read: whole numbers as they are, others to at most two decimal
    places with trailing zeros dropped ("4", "3.5", "2.99").

    Rounded down, never up, so that no nomination looks as if it reached a quota it
    missed. The published files keep the exact values.
    """
    if isinstance(value, int):
        return f"{value:,}"
    exact = _as_decimal(value)
    shown = exact.quantize(HUNDREDTH, rounding=ROUND_DOWN)
    if shown == 0:
        return "under 0.01" if exact > 0 else "0"
    text = f"{shown:,.2f}"
    return text.rstrip("0").rstrip(".")


def is_shortened(value: Value) -> bool:
    """True when `human_value` had to drop decimal places of `value`."""
    if isinstance(value, int):
        return False
    exact = _as_decimal(value)
    return exact != exact.quantize(HUNDREDTH, rounding=ROUND_DOWN)


def measure_name(measure: str) -> str:
    return MEASURES.get(measure, measure)


def plural(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else (many or one + 's')}"


def and_list(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


# --- The setting of a count -------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """What the count record doesn't hold: the nominations' titles (by the candidate names
    in the record: labels, or nomination ids as strings in records frozen before labels),
    the ballots counted, and whether the winners win or go through to another round."""

    names: Mapping[str, str]
    ballots: int
    is_last: bool = True
    # Where the winners of an earlier round go, e.g. "the ranked vote (Round 2)".
    next_round: str = "the next round"
    max_choices: int | None = None

    def name(self, candidate: str) -> str:
        return f"“{self.names.get(candidate, candidate)}”"

    def names_of(self, candidates) -> str:
        return and_list([self.name(c) for c in candidates])

    @property
    def won(self) -> str:
        return "won" if self.is_last else f"went through to {self.next_round}"

    @property
    def outcome(self) -> str:
        """The word beside a winning nomination."""
        return "Won" if self.is_last else "Went through"

    @property
    def fate(self) -> str:
        """The start of a winning nomination's line in the table."""
        return "Won" if self.is_last else f"Went through to {self.next_round}"

    @property
    def people(self) -> str:
        return f"{plural(self.ballots, 'person', 'people')} voted"


# --- The method in one sentence -----------------------------------------------------------


def method_sentence(method: str, *, seats: int, is_last: bool, max_choices: int | None) -> str:
    """How this method finds the winners, in one plain sentence: the method's own
    explanation (`MethodSpec.explain`), so every page and the API say the same."""
    spec = METHODS.get(method)
    if spec is None:
        return f"Counted with the {method} method."
    return spec.explain(seats=seats, is_last=is_last, max_choices=max_choices)


def round_seats(round) -> int:
    """The places a round fills as its method counts them: one for a single-winner method."""
    return round.advance_count if round.spec.multiple_seats else 1


def round_method_sentence(round) -> str:
    """`method_sentence` for a voting round (anything with its method, places, choices and
    whether it is the last), the same before the vote, on the ballot and on the results."""
    return method_sentence(
        round.method, seats=round_seats(round), is_last=round.is_last, max_choices=round.max_choices
    )


# --- What happened to each nomination --------------------------------------------------------


def _after_tie(result: Result, stage: Stage, candidate: str) -> str:
    for tie in result.tie_breaks:
        if tie.round == stage.number and candidate in tie.chosen:
            return ", after a tie (see Ties)"
    return ""


def _one_of(result: Result) -> str:
    return f"one of the {result.seats} with " if result.seats > 1 else ""


def _why_elected(result: Result, stage: Stage, candidate: str, reason: str) -> str:
    value = human_value(stage.counts.get(candidate, 0))
    method = result.method
    if method == "irv":
        if reason.startswith("the only"):
            return "the only one left"
        total = human_value(sum(stage.counts.values()))
        still = " still in the count" if stage.number > 1 else ""
        return f"more than half of the {total} votes{still} ({value})"
    if method == "stv":
        if "rule 52" in reason:
            return "one of the last left in the count while places were still to fill"
        return f"reached the quota of {human_value(result.quota)} ({value})"
    if method == "approval":
        return f"{_one_of(result)}the most approvals ({value})"
    if method == "plurality":
        return f"{_one_of(result)}the most first choices ({value})"
    if method == "borda":
        return f"{_one_of(result)}the most points ({value})"
    if method == "schulze":
        if reason.startswith("beats"):
            return "beat every other nomination"
        return reason.replace("Schulze ranking", "ranking of who beat whom")
    if method == "mes":
        if "completion" in reason or "lot" in reason:
            return "filled a place once no group of supporters could pay for one"
        return "its supporters could pay for a place with the least each"
    return reason


def fates(result: Result, setting: Setting) -> dict[str, str]:
    """One line per nomination: when and why it won, went through or was out."""
    several = len(result.rounds) > 1
    found: dict[str, str] = {}
    stages = result.rounds
    for index, stage in enumerate(stages):
        at = f" at count {stage.number}" if several else ""
        for decision in stage.elected:
            why = _why_elected(result, stage, decision.candidate, decision.reason)
            found.setdefault(
                decision.candidate,
                f"{setting.fate}{at}: {why}{_after_tie(result, stage, decision.candidate)}",
            )
        for decision in stage.eliminated:
            before = stages[index - 1] if index else stage
            fewest = human_value(before.counts.get(decision.candidate, 0))
            found.setdefault(
                decision.candidate,
                f"Out{at}: the fewest votes at count {before.number} ({fewest})"
                f"{_after_tie(result, stage, decision.candidate)}",
            )
    lost = "Didn't win" if setting.is_last else "Didn't go through"
    return {candidate: found.get(candidate, lost) for candidate in result.candidates}


# --- Ties ------------------------------------------------------------------------------------

# For each kind of tie: what they were tied for, how earlier counts settle it, the word
# for the one chosen, and whether the tie was in the totals of the count before (a
# nomination goes out, or a surplus moves, at the count after the totals that decide it).
FEWEST = (
    "for the fewest votes",
    "the one with fewer votes at the latest count where they differed was out",
    "Out",
    True,
)
PURPOSES = {
    "eliminate": FEWEST,
    "exclude (rule 51)": FEWEST,
    "choose whose equal surplus is transferred first (rule 49)": (
        "with equal surpluses",
        "the one with more votes at the latest count where they differed went first",
        "First",
        True,
    ),
    "elect (equal cost per supporter)": (
        "at the same cost",
        "the one with more approvals was chosen",
        "Chosen",
        False,
    ),
    "elect (equal Phragmén time)": (
        "at the same cost",
        "the one with more approvals was chosen",
        "Chosen",
        False,
    ),
}
LAST_PLACE = ("for the last place", "the earlier counts decided it", "Chosen", False)
LOT = "it was decided by lot, a draw that anyone can repeat from the published count record"


def tie_sentences(result: Result, setting: Setting) -> list[str]:
    """Each tie, and how it was broken, in words (the detail stays in the published record)."""
    sentences = []
    several = len(result.rounds) > 1
    for tie in result.tie_breaks:
        what, earlier, chosen, before = PURPOSES.get(tie.purpose, LAST_PLACE)
        where = f"At count {tie.round - 1 if before else tie.round}, " if several else ""
        if tie.rule == "earlier rounds":
            how = earlier
        elif tie.rule == "lot":
            how = LOT
        else:
            how = f"the earlier counts didn't settle it, so {LOT}"
        tied = setting.names_of(tie.tied)
        sentence = (
            f"{where}{tied} were tied {what}; {how}. {chosen}: {setting.names_of(tie.chosen)}."
        )
        sentences.append(sentence[0].upper() + sentence[1:])
    return sentences


# --- The words of a count ---------------------------------------------------------------------


@dataclass(frozen=True)
class Explanation:
    term: str
    meaning: str


def _quota_working(result: Result) -> str:
    valid = int(result.data.get("valid_ballots", result.ballots - result.empty_ballots))
    seats = result.seats
    share = valid // (seats + 1)
    return (
        f"{valid:,} votes ÷ ({plural(seats, 'place')} + 1) = {share:,}"
        f"{'' if valid % (seats + 1) == 0 else ', leaving out the fraction'}, plus 1"
        f" = {human_value(result.quota)}"
    )


def _first_surplus(result: Result, setting: Setting) -> str:
    for stage in result.rounds:
        if "surplus" not in stage.data or not stage.transfer_values:
            continue
        giver = min(stage.transfers, key=lambda c: stage.transfers[c])
        papers = sum(t.papers for t in stage.transfer_values)
        value = stage.transfer_values[0].transfer_value
        return (
            f" For example, at count {stage.number} {setting.name(giver)} had"
            f" {_votes(Decimal(stage.data['surplus']))} more than the quota, so its"
            f" {plural(papers, 'vote')} moved on worth {human_value(value)} of a vote"
            f"{' each' if len(stage.transfer_values) == 1 else ' or less'}."
        )
    return ""


def _votes(value: Value) -> str:
    return f"{human_value(value)} {'vote' if value == 1 else 'votes'}"


def explanations(result: Result, setting: Setting) -> list[Explanation]:
    """What the words on this count's table mean: only those this count uses."""
    found = []
    if result.method == "stv" and result.quota is not None:
        found.append(
            Explanation(
                "Quota",
                f"The number of votes that is sure to win a place: {human_value(result.quota)}."
                f" It is worked out from the number of votes and places:"
                f" {_quota_working(result)}. No more than {plural(result.seats, 'nomination')}"
                " can reach it.",
            )
        )
    if result.method == "irv":
        found.append(
            Explanation(
                "Transfer",
                "When a nomination is out, each vote for it moves to that voter's next choice"
                " among the nominations still in the count.",
            )
        )
    if result.method == "stv":
        found.append(
            Explanation(
                "Transfer",
                "Votes moving from one nomination to another. When a nomination is out, each"
                " vote for it moves to that voter's next choice still in the count. When a"
                " nomination has more votes than the quota, it keeps the quota and the extra"
                " (its surplus) moves on: every one of its votes goes to that voter's next"
                " choice, at a reduced value, so that together they add up to the surplus."
                " That is why some totals are not whole numbers." + _first_surplus(result, setting),
            )
        )
    if result.method in ("irv", "stv") and any(stage.exhausted for stage in result.rounds):
        found.append(
            Explanation(
                "Exhausted ballot",
                "A ballot with no more choices left among the nominations still in the count:"
                " the voter didn't rank any of them. It stops counting for anyone, so later"
                " counts can add up to fewer votes than there were ballots.",
            )
        )
    if result.method == "mes":
        price = result.data.get("price", "")
        found.append(
            Explanation(
                "Tokens",
                "Every voter starts with 1 token. A place costs the same number of tokens"
                f" for every nomination ({human_value(_price(price))}), paid by the voters who"
                " ticked it. The table shows the tokens each nomination's supporters held"
                " when it was counted.",
            )
        )
    return found


def _price(encoded) -> Value:
    if isinstance(encoded, str) and "/" in encoded:
        return Fraction(encoded)
    return Decimal(encoded) if isinstance(encoded, str) else int(encoded or 0)


# --- How the winners were found -------------------------------------------------------------


def story(result: Result, setting: Setting) -> list[str]:
    """How the winners were found, in sentences a 16-year-old can retell."""
    tellers = {"irv": _irv_story, "stv": _stv_story}
    teller = tellers.get(result.method, _one_count_story)
    sentences = teller(result, setting)
    if result.tie_breaks:
        sentences.append(
            "There was a tie: see Ties below for how it was broken."
            if len(result.tie_breaks) == 1
            else "There were ties: see Ties below for how they were broken."
        )
    return sentences


def uncontested_story(reason: str, *, nominations: int, places: int, setting: Setting) -> list[str]:
    """The story when there was nothing to count."""
    if reason == "no ballots were cast":
        return [
            "No one voted in this round, so there was nothing to count and no nomination "
            f"{'won' if setting.is_last else 'went through'}."
        ]
    return [
        f"No count was needed: there {'was' if nominations == 1 else 'were'}"
        f" {plural(nominations, 'nomination')} for {plural(places, 'place')}, so every one"
        f" {setting.won}."
    ]


def _eliminations(result: Result) -> list[tuple[int, str, Value]]:
    """(the count at which it had the fewest, who, how many) for each one out, in order."""
    out = []
    for index, stage in enumerate(result.rounds[1:], start=1):
        before = result.rounds[index - 1]
        for decision in stage.eliminated:
            out.append((before.number, decision.candidate, before.counts.get(decision.candidate)))
    return out


def _out_sentence(
    setting: Setting, at: int, candidate: str, fewest: Value, *, first: bool, rule: str
) -> str:
    if first:
        sentence = (
            f"{rule} at count {at}, so {setting.name(candidate)}, with the fewest votes"
            f" ({human_value(fewest)}), was out, and each vote for it went to that voter's"
            " next choice."
        )
        return sentence[0].upper() + sentence[1:]
    return (
        f"At count {at}, still {rule}, so {setting.name(candidate)}, with the fewest"
        f" ({human_value(fewest)}), was out too, and its votes went on in the same way."
    )


def _run_sentence(setting: Setting, run: list[tuple[int, str, Value]], rule: str) -> str:
    return (
        f"The same happened at counts {run[0][0]} to {run[-1][0]}: still {rule}, so"
        f" {setting.names_of([c for _, c, _ in run])} were out, one at a time, each with the"
        " fewest votes, and their votes went on to voters' next choices."
    )


def _tell_eliminations(setting: Setting, out: list, rule: str, *, first: bool) -> list[str]:
    if len(out) < RUN + 1:
        return [
            _out_sentence(setting, at, who, fewest, first=first and n == 0, rule=rule)
            for n, (at, who, fewest) in enumerate(out)
        ]
    head, middle, tail = out[0], out[1:-1], out[-1]
    return [
        _out_sentence(setting, *head, first=first, rule=rule),
        _run_sentence(setting, middle, rule),
        _out_sentence(setting, *tail, first=False, rule=rule),
    ]


def _irv_story(result: Result, setting: Setting) -> list[str]:
    sentences = [f"{setting.people}, putting the nominations in order."]
    rule = "no nomination had more than half of the votes"
    sentences += _tell_eliminations(setting, _eliminations(result), rule, first=True)
    last = result.rounds[-1]
    decision = last.elected[0] if last.elected else None
    if decision is None:
        return sentences
    winner = setting.name(decision.candidate)
    if decision.reason.startswith("the only"):
        sentences.append(
            f"At count {last.number}, {winner} was the only nomination left, so it {setting.won}."
        )
        return sentences
    votes = human_value(last.counts[decision.candidate])
    still = human_value(sum(last.counts.values()))
    if last.number == 1:
        sentences.append(
            f"At count 1, {winner} had {votes} of the {still} votes, more than half, so it"
            f" {setting.won} straight away."
        )
        return sentences
    exhausted = ""
    if last.exhausted:
        exhausted = f" ({plural(int(last.exhausted), 'ballot')} had no choices left)"
    sentences.append(
        f"At count {last.number}, {winner} had {votes} of the {still} votes still in the"
        f" count{exhausted}, more than half, and {setting.won}."
    )
    return sentences


def _stv_story(result: Result, setting: Setting) -> list[str]:
    quota = human_value(result.quota)
    sentences = [
        f"{setting.people} for {plural(result.seats, 'place')}, putting the nominations in"
        f" order. To be sure of a place, a nomination needed {quota} votes: the quota."
    ]
    # Eliminations in a row are told together, once the run ends.
    pending: list[tuple[int, str, Value]] = []
    told_an_elimination = False
    someone_elected = False  # before the pending eliminations

    def flush():
        nonlocal pending, told_an_elimination
        rule = f"no {'other ' if someone_elected else ''}nomination had reached the quota"
        sentences.extend(_tell_eliminations(setting, pending, rule, first=not told_an_elimination))
        told_an_elimination = told_an_elimination or bool(pending)
        pending = []

    for index, stage in enumerate(result.rounds):
        if not pending:
            someone_elected = any(earlier.elected for earlier in result.rounds[:index])
        elected = [d.candidate for d in stage.elected]
        if stage.eliminated:
            before = result.rounds[index - 1]
            for decision in stage.eliminated:
                pending.append(
                    (before.number, decision.candidate, before.counts.get(decision.candidate))
                )
            if not elected:
                continue
        flush()
        if index == 0:
            if len(elected) == 1:
                sentences.append(
                    f"At count 1, {setting.name(elected[0])} had"
                    f" {_votes(stage.counts[elected[0]])}, enough to reach the quota, so it"
                    " took a place."
                )
            elif elected:
                reached = and_list(
                    [f"{setting.name(c)} ({human_value(stage.counts[c])})" for c in elected]
                )
                sentences.append(
                    f"At count 1, {reached} had enough votes to reach the quota, so each took"
                    " a place."
                )
            else:
                sentences.append("At count 1, no nomination had reached the quota.")
        elif "surplus" in stage.data:
            giver = min(stage.transfers, key=lambda c: stage.transfers[c])
            surplus = _votes(Decimal(stage.data["surplus"]))
            sentence = (
                f"At count {stage.number}, the {surplus} {setting.name(giver)} had beyond the"
                " quota (its surplus) went on to its voters' next choices, at a reduced value."
            )
            if elected:
                sentence += f" That took {_took(setting, elected)}."
            sentences.append(sentence)
        elif any("rule 52" in d.reason for d in stage.elected):
            left = len(elected)
            if left == 1:
                sentences.append(
                    f"At count {stage.number}, {setting.name(elected[0])} was the only"
                    " nomination left for the last place, so it took it."
                )
            else:
                sentences.append(
                    f"At count {stage.number}, only {setting.names_of(elected)} were left for"
                    f" the last {plural(left, 'place')}, so they took them."
                )
        elif elected:
            sentences.append(
                f"At count {stage.number}, those votes took {_took(setting, elected)}."
            )
    flush()
    winners = setting.names_of(result.winners)
    sentences.append(
        f"So {winners} {setting.won}."
        if len(result.winners) == 1
        else f"So {winners} {setting.won}, filling the {plural(result.seats, 'place')}."
    )
    return sentences


def _took(setting: Setting, elected: list[str]) -> str:
    if len(elected) == 1:
        return f"{setting.name(elected[0])} to the quota, so it took a place"
    return f"{setting.names_of(elected)} to the quota, so each took a place"


def _one_count_story(result: Result, setting: Setting) -> list[str]:
    """Methods that count once (approval, first choices, Borda, Schulze) or elect one per
    count (equal shares): who came top, by how much, and who came next."""
    stage = result.rounds[0]
    method = result.method
    if method == "mes":
        order = setting.names_of(result.winners)
        return [
            f"{setting.people}, ticking the nominations they support.",
            f"The places were filled one at a time, one per count: {order}, in that order,"
            f" {setting.won}.",
        ]
    unit = {
        "approval": ("approval", "approvals"),
        "plurality": ("first choice", "first choices"),
        "borda": ("point", "points"),
        "schulze": ("nomination beaten", "nominations beaten"),
    }.get(method, ("vote", "votes"))
    how = {
        "approval": f"{setting.people}, ticking {_ticks(setting)} nominations each.",
        "plurality": f"{setting.people}. Only each voter's first choice counted.",
        "borda": (
            f"{setting.people}, putting the nominations in order. Each nomination got points"
            " for every place a voter gave it: the higher the place, the more points."
        ),
        "schulze": (
            f"{setting.people}, putting the nominations in order. Every pair of nominations"
            " was compared by how many voters put one above the other."
        ),
    }.get(method, f"{setting.people}.")
    sentences = [how]
    winners = list(result.winners)

    def with_value(candidate: str) -> str:
        value = stage.counts.get(candidate, 0)
        shown = human_value(value)
        if method == "schulze":
            return f"{setting.name(candidate)} (beat {shown})"
        return f"{setting.name(candidate)} ({shown})"

    if len(winners) == 1:
        most = f"the most {unit[1]}" if method != "schulze" else "beat the most others"
        has = "had " if method != "schulze" else ""
        sentences.append(
            f"{setting.name(winners[0])} {has}{most}"
            f" ({human_value(stage.counts.get(winners[0], 0))}), so it {setting.won}."
        )
    else:
        most = f"the most {unit[1]}" if method != "schulze" else "the best records against the rest"
        sentences.append(
            f"The {len(winners)} with {most} {setting.won}:"
            f" {and_list([with_value(c) for c in winners])}."
        )
    rest = sorted(
        (c for c in result.candidates if c not in winners),
        key=lambda c: (-stage.counts.get(c, 0), setting.names.get(c, c)),
    )
    if rest:
        sentences.append(f"Next came {with_value(rest[0])}.")
    return sentences


def _ticks(setting: Setting) -> str:
    return f"up to {setting.max_choices}" if setting.max_choices else "any of the"
