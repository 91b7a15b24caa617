"""What happened to each nomination, and how each tie was broken."""

from __future__ import annotations

from participation.counting.result import Result
from participation.counting.result import Round as Stage
from participation.results_story.numbers import human_value
from participation.results_story.setting import Setting

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
