"""Command line: count a ballot file without Django.

    python -m participation.counting FILE --method stv [--seats 3] [--json]

Reads BLT, PrefLib (.soc .soi .toc .toi .cat) or CSV (and cast-vote records with
``--format cvr``), applies the named ballot rules (``--overvote``,
``--skipped-ranks``, ``--repeated``; see rules.py), counts, and prints the winners
and the round table, or the full result as JSON. Exit status 0 on success, 2 when
the input or the request is wrong, with the file, the line and, where one would let
the file count, the option to use.
"""

from __future__ import annotations

import argparse
import sys

from participation.counting.engine import count
from participation.counting.errors import CountingError
from participation.counting.formats import read_election
from participation.counting.methods import METHODS
from participation.counting.report import format_result
from participation.counting.rules import DEFAULT_RULES, OVERVOTE_RULES, REPEATED_RULES, BallotRules


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m participation.counting",
        description="Count a ballot file and show the winners and every round.",
    )
    parser.add_argument("file", help="a .blt, PrefLib (.soc .soi .toc .toi .cat) or .csv file")
    parser.add_argument(
        "--method", required=True, choices=list(METHODS), help="the counting method"
    )
    parser.add_argument(
        "--seats", type=int, default=None, help="seats to fill (default: the file's, or 1)"
    )
    parser.add_argument(
        "--seed",
        default=None,
        help="seed for any tie decided by lot (default: the ballot checksum)",
    )
    parser.add_argument(
        "--format",
        choices=["blt", "preflib", "csv", "cvr"],
        default=None,
        help="file format (default: from the file name)",
    )
    parser.add_argument(
        "--candidates-file", default=None, help="for --format cvr: the id,name candidates file"
    )
    rules = parser.add_argument_group(
        "ballot rules", "what over-votes, skipped ranks and repeated candidates do"
    )
    rules.add_argument(
        "--overvote",
        choices=OVERVOTE_RULES,
        default=DEFAULT_RULES.overvote,
        help="several candidates at one rank: exhaust the ballot there (default), skip that"
        " rank, or exhaust only if more than one of them is still in the count",
    )
    rules.add_argument(
        "--skipped-ranks",
        type=_skipped_ranks,
        default=None,
        metavar="N|any",
        help="exhaust a ballot where a choice follows more than N unmarked ranks in a row"
        " (default: any number may be skipped)",
    )
    rules.add_argument(
        "--repeated",
        choices=REPEATED_RULES,
        default=DEFAULT_RULES.repeated,
        help="a candidate marked again at a later rank: ignore the repeat (default), exhaust"
        " the ballot there, or refuse the file",
    )
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument(
        "--canonical",
        action="store_true",
        help="print the canonical ballot text whose SHA-256 is the checksum",
    )
    return parser


def _skipped_ranks(text: str) -> int | None:
    if text.strip().lower() == "any":
        return None
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number or 'any', not {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    options = {}
    if args.format == "cvr":
        options = {"candidates_file": args.candidates_file}
    try:
        rules = BallotRules(
            overvote=args.overvote, skipped_ranks=args.skipped_ranks, repeated=args.repeated
        )
        election = read_election(args.file, args.format, rules=rules, **options)
        if args.canonical:
            sys.stdout.write(election.ballots.canonical_text())
            return 0
        seats = args.seats if args.seats is not None else (election.seats or 1)
        if not METHODS[args.method].multiple_seats and args.seats is None:
            seats = 1
        result = count(args.method, ballots=election.ballots, seats=seats, seed=args.seed)
    except CountingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(result.to_json(indent=2))
    else:
        if election.title:
            print(election.title)
            print()
        sys.stdout.write(format_result(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
