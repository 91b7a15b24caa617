"""The shapes of the campaign-vote answers: votes, rounds, results and ballots.

Plain data built by `serialize`; the schemas document it and check it on the way out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from evidence.api.common import FigureOut
from participation.counting.methods import METHODS
from participation.models import RoundState, VotePhase

VoteValue = int | str
METHOD_EXPLANATION = METHODS["irv"].explain()
VALUE_NOTE = (
    "Whole numbers of votes are numbers; methods that count fractions of votes give "
    'exact values as strings, like "123.45678" (a decimal) or "7/40" (a fraction).'
)


class RoundLinksOut(Schema):
    """Where a closed round's result and anonymised ballots are; all null before it closes."""

    results_page: str | None = Field(
        description="The results page on the site.",
        examples=["http://127.0.0.1:8000/what-matters-2027/rounds/1/results/"],
    )
    result: str | None = Field(
        description="The result in the API.",
        examples=["http://127.0.0.1:8000/api/v1/votes/4/rounds/1/result"],
    )
    ballots: str | None = Field(
        description="The anonymised ballots as JSON, page by page.",
        examples=["http://127.0.0.1:8000/api/v1/votes/4/rounds/1/ballots"],
    )
    ballots_csv: str | None = Field(
        description="Every anonymised ballot in one CSV file: the file the results page offers.",
        examples=["http://127.0.0.1:8000/api/v1/votes/4/rounds/1/ballots.csv"],
    )
    ballots_blt: str | None = Field(
        description="The same ballots as a BLT file (for STV counting software): ranked "
        "rounds with ballots only, as on the results page.",
        examples=["http://127.0.0.1:8000/api/v1/votes/4/rounds/1/ballots.blt"],
    )
    receipts_csv: str | None = Field(
        description="Receipt fingerprints, one line per ballot in the same order, so a "
        "voter can find their own ballot.",
        examples=["http://127.0.0.1:8000/what-matters-2027/rounds/1/receipts/csv/"],
    )


class RoundOut(Schema):
    number: int = Field(description="1 for the first round, and so on.", examples=[1])
    label: str = Field(examples=["Shortlist"])
    method: str = Field(description="The counting method's code.", examples=["irv"])
    method_name: str = Field(examples=["Instant-runoff vote"])
    method_explanation: str = Field(
        description="How the method finds the winners of this round, in one plain sentence: "
        "the same words as the ballot and results pages.",
        examples=[METHOD_EXPLANATION],
    )
    ballot_kind: str = Field(
        description='"ranked" (voters rank nominations in order) or "approval" (voters tick some).',
        examples=["ranked"],
    )
    opens_at: dt.datetime
    closes_at: dt.datetime
    state: RoundState = Field(description="Where the round is now.")
    state_label: str = Field(examples=["Results published"])
    advance_count: int = Field(
        description="How many nominations go through to the next round (or win, in the last).",
        examples=[3],
    )
    max_choices: int = Field(
        description="The most nominations a voter may tick or rank.", examples=[3]
    )
    links: RoundLinksOut


class VoteOut(Schema):
    id: int = Field(examples=[4])
    title: str = Field(examples=["What should we campaign on in 2027?"])
    slug: str = Field(examples=["what-should-we-campaign-on-in-2027"])
    introduction: str = Field(description="The introduction as plain text.")
    introduction_html: str = Field(
        description="The introduction as HTML: paragraphs, emphasis, lists and links only."
    )
    topics: list[str] = Field(description="Slugs of the topics it is about.", examples=[[]])
    nominations_open_at: dt.datetime
    nominations_close_at: dt.datetime
    phase: VotePhase = Field(description="Where the vote stands now.")
    phase_label: str = Field(examples=["Voting open"])
    current_round: int | None = Field(
        description="The round the phase is about (the one open, counting or next), if any.",
        examples=[1],
    )
    next_change: dt.datetime | None = Field(
        description="When the phase changes next, if that is known."
    )
    rounds: list[RoundOut]
    last_published_at: dt.datetime | None = Field(
        description="When the policy team last published the vote's page."
    )
    page_url: str | None = Field(
        description="The vote's page on the site.",
        examples=["http://127.0.0.1:8000/what-matters-2027/"],
    )
    url: str = Field(
        description="This vote in the API.", examples=["http://127.0.0.1:8000/api/v1/votes/4"]
    )


class NominationOut(Schema):
    id: int = Field(description="The nomination's id, as in the ballots.", examples=[12])
    title: str | None = Field(
        description="Null if the nomination is no longer public (taken down after "
        "reports, say): its id stays, so the count can still be checked.",
        examples=["Free bus travel for under-18s"],
    )
    url: str | None = Field(
        description="Its page on the site, while it is public.",
        examples=["http://127.0.0.1:8000/what-matters-2027/nominations/12/"],
    )


class CandidateOut(NominationOut):
    candidate: str = Field(
        description="What the count record and the ballot files call the nomination: its "
        "title, with its id after it when two on the ballot share a title. Rounds counted "
        "before titles were used call it by its id.",
        examples=["Free bus travel for under-18s"],
    )


class ShortlistRowOut(NominationOut):
    won: bool = Field(description="Whether it went through (or won).", examples=[True])
    fate: str = Field(
        description=(
            "When and why it won, went through or went out, in the results page's words "
            "(the count's stages are 'count 1', 'count 2'…); empty if the count didn't say."
        ),
        examples=["Won at count 2: reached the quota of 17 (19.88)"],
    )


class DecisionOut(Schema):
    nomination_id: int = Field(examples=[12])
    reason: str = Field(examples=["fewest votes"])


class StageOut(Schema):
    number: int = Field(examples=[1])
    action: str = Field(description="What the counting did in this round.", examples=["count"])
    measure: str = Field(description="What `counts` count.", examples=["votes"])
    counts: dict[str, VoteValue] = Field(
        description="Each nomination's total at the end of the round, by nomination id. "
        + VALUE_NOTE,
        examples=[{"12": 31, "15": 24}],
    )
    transfers: dict[str, VoteValue] = Field(
        description="What this round moved, by nomination id (negative for votes moved away).",
        examples=[{}],
    )
    exhausted: VoteValue = Field(
        description="Running total of votes that could go no further (the ballot named "
        "nobody still in the count).",
        examples=[0],
    )
    elected: list[DecisionOut] = Field(description="Who went through in this round.", examples=[[]])
    eliminated: list[DecisionOut] = Field(
        description="Who went out in this round.",
        examples=[[{"nomination_id": 18, "reason": "fewest votes (4) in round 1"}]],
    )


class TieBreakOut(Schema):
    round: int = Field(examples=[2])
    purpose: str = Field(examples=["eliminate"])
    tied: list[str] = Field(description="Nomination ids that tied.", examples=[["12", "15"]])
    rule: str = Field(
        description='"earlier rounds", "lot", or "earlier rounds, then lot".', examples=["lot"]
    )
    chosen: list[str] = Field(examples=[["15"]])
    detail: str = Field(examples=["Drawn by lot with the published seed."])
    tickets: dict[str, str] = Field(
        description="Each lot ticket, by nomination id, so anyone can replay the draw: a "
        'ticket is SHA-256 of "<seed>:<draw>:<candidate>", with the nomination\'s name in '
        "the count record (see `candidates`).",
        examples=[{}],
    )


class GroupOut(Schema):
    group: str = Field(description="An age band or an area.", examples=["16–17"])
    voters: FigureOut = Field(
        description="How many voted, through disclosure control.",
        examples=[{"value": 30, "suppressed": False, "label": None}],
    )
    voter_share: float | None = Field(
        description="Share of voters, from the published (rounded) figure; null when not shown.",
        examples=[0.25],
    )
    population_share: float | None = Field(
        description="The group's share of all 13 to 25 year olds in the UK (ONS mid-2020).",
        examples=[0.1521],
    )


class GroupsOut(Schema):
    shown: bool = Field(
        description="False when fewer than 10 people voted: then no group is shown.",
        examples=[True],
    )
    suppressed: bool = Field(description="Whether some groups aren't shown.", examples=[False])
    withheld: bool = Field(
        description="Whether no group could be shown without giving a small one away.",
        examples=[False],
    )
    rows: list[GroupOut]


class TurnoutOut(Schema):
    ballot_count: int = Field(description="How many voted (public exactly).", examples=[120])
    eligible_count: int = Field(
        description="How many participants could vote when the round closed.", examples=[800]
    )
    turnout_share: float | None = Field(
        description="Voters as a share of those who could vote.", examples=[0.15]
    )
    leading_share: float | None = Field(
        description="The leading nomination's first-round votes as a share of ballots.",
        examples=[0.31],
    )
    leading_margin: float | None = Field(
        description="The 95% margin of error of `leading_share` (the smallest uncertainty "
        "there could be: voters chose themselves).",
        examples=[0.083],
    )
    by_age_band: GroupsOut
    by_region: GroupsOut
    disclosure_threshold: int = Field(
        description="Groups with fewer voters than this are shown as such.", examples=[10]
    )
    disclosure_round_to: int = Field(
        description="Other groups' voters are rounded to the nearest this.", examples=[5]
    )


class ResultOut(Schema):
    vote_id: int = Field(examples=[4])
    round_number: int = Field(examples=[1])
    round_label: str = Field(examples=["Shortlist"])
    method: str = Field(examples=["irv"])
    method_name: str = Field(examples=["Instant-runoff vote"])
    method_version: str = Field(
        description="The counting engine's version of the method.", examples=["1"]
    )
    method_explanation: str = Field(
        description="How the method finds the winners of this round, in one plain sentence: "
        "the same words as the ballot and results pages.",
        examples=[METHOD_EXPLANATION],
    )
    counted_at: dt.datetime
    ballot_count: int = Field(examples=[120])
    ballot_checksum: str = Field(
        description="SHA-256 of the canonical ballot set; empty when no count was needed.",
        examples=["e6427df3402d59ebb1f2222847562a8a569297f528235a91d18bbe25655efd1f"],
    )
    seed: str = Field(
        description="The seed of any draw by lot: drawn at random when the round closed, so "
        "anyone can replay a draw (rounds counted before this used the ballot checksum). "
        "Empty when no count was needed.",
        examples=["9f86d081884c7d659a2feaa0c55ad015"],
    )
    uncontested: bool = Field(
        description="True when no count was needed (no ballots, or no more nominations than places).",
        examples=[False],
    )
    uncontested_reason: str = Field(examples=[""])
    measure: str = Field(examples=["votes"])
    winners: list[NominationOut] = Field(description="In the order they won.")
    shortlist: list[ShortlistRowOut] = Field(
        description="Every nomination on the ballot, winners first, as on the results page."
    )
    candidates: list[CandidateOut] = Field(
        description="Every nomination counted, with its name in the count record and the "
        "ballot files (see `record`), so the record can be read and the ballots recounted."
    )
    stages: list[StageOut] = Field(description="The count, round by round.")
    tie_breaks: list[TieBreakOut]
    turnout: TurnoutOut = Field(description="Who voted, as the results page shows it.")
    record: dict[str, Any] = Field(
        description="The counting engine's full record (format listening-hub-result/1), "
        "for recounting tools. It names each nomination as the ballot files do, and "
        "`record.nominations` maps each name to the nomination id (absent in rounds "
        "counted before names were used: there the names are the ids).",
        examples=[{"format": "listening-hub-result/1", "method": "irv", "rounds": []}],
    )
    links: RoundLinksOut


class BallotOut(Schema):
    row: int = Field(
        description="The ballot's row in the CSV file (and in the receipts file), from 1.",
        examples=[1],
    )
    choices: list[int] = Field(
        description="Nomination ids: in order of preference for a ranked round, in "
        "increasing order for an approval round.",
        examples=[[12, 15]],
    )
