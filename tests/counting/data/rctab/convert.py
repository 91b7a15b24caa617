"""Convert an RCTab test case's cast-vote records into the project's CVR CSV.

Usage (from the repository root)::

    python tests/counting/data/rctab/convert.py CDF_JSON RANKS OUT_CSV [CANDIDATES_CSV]

``CDF_JSON`` is a NIST common-data-format cast-vote-record report in JSON (RCTab's
"CDF" provider), ``RANKS`` the number of rank columns to write (the contest's
``maxRankingsAllowed``). Each ballot becomes one row ``rank1,...,rankN``: the id of the
candidate marked at that rank, ``U`` when no candidate is marked there (a skipped
rank), or the ids joined by ``=`` when several are (an over-vote that names its
candidates, such as ``A=B``). A candidate's id is the part of its contest-selection id
after ``cs-``, in capitals (``cs-a`` is ``A``).

When ``CANDIDATES_CSV`` is given, an ``id,name`` file is written too, with the names the
report gives (``Candidate/Name``, or else the selection's vendor code).

The Minneapolis 2013 records were published by RCTab as a spreadsheet (.xlsx) and
are already in the project as CSV (tests/counting/data/elections/); that case copies
them unchanged, so it needs no conversion here.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def selection_id(selection: str) -> str:
    prefix = "cs-"
    if not selection.startswith(prefix):
        raise ValueError(f"unexpected contest-selection id {selection!r}")
    return selection[len(prefix) :].upper()


def ballots(report: dict, ranks: int) -> list[list[str]]:
    rows = []
    for record in report["CVR"]:
        current = record.get("CurrentSnapshotId")
        snapshots = [s for s in record["CVRSnapshot"] if s.get("@id") == current]
        if len(snapshots) != 1:
            raise ValueError(f"ballot {record.get('BallotPrePrintedId')}: no current snapshot")
        marked: dict[int, list[str]] = {}
        for contest in snapshots[0]["CVRContest"]:
            for selection in contest["CVRContestSelection"]:
                who = selection_id(selection["ContestSelectionId"])
                for position in selection["SelectionPosition"]:
                    if position.get("HasIndication", "yes") != "yes":
                        continue
                    rank = int(position["Rank"])
                    if not 1 <= rank <= ranks:
                        raise ValueError(f"rank {rank} is outside 1..{ranks}")
                    marked.setdefault(rank, []).append(who)
        rows.append(["=".join(marked[r]) if r in marked else "U" for r in range(1, ranks + 1)])
    return rows


def candidate_names(report: dict) -> list[tuple[str, str]]:
    election = report["Election"][0]
    names = {c["@id"]: c["Name"] for c in election.get("Candidate", [])}
    out = []
    for contest in election["Contest"]:
        for selection in contest["ContestSelection"]:
            ids = selection.get("CandidateIds") or []
            name = names[ids[0]] if ids else selection["Code"][0]["Value"]
            out.append((selection_id(selection["@id"]), name))
    return out


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    ranks = int(argv[1])
    with open(argv[2], "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([f"rank{r}" for r in range(1, ranks + 1)])
        writer.writerows(ballots(report, ranks))
    if len(argv) == 4:
        with open(argv[3], "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["id", "name"])
            writer.writerows(candidate_names(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
