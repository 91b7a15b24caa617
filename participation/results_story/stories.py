"""How the winners were found: the story of a count, in sentences."""

from __future__ import annotations

from decimal import Decimal

from participation.counting.result import Result, Value
from participation.results_story.numbers import _votes, and_list, human_value, plural
from participation.results_story.setting import Setting

# A run of this many eliminations or more is told in one sentence.
RUN = 3


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
