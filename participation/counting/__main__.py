"""Command line: count a ballot file without Django.

    python -m participation.counting FILE --method stv [--seats 3] [--json]

Reads BLT, PrefLib (.soc .soi .toc .toi .cat) or CSV (and cast-vote records with
``--format cvr``), counts, and prints the winners and the round table, or the full
result as JSON. Exit status 0 on success, 2 when the input or the request is wrong.
"""

from __future__ import annotations

import argparse
import sys

from participation.counting.engine import count
from participation.counting.errors import CountingError
from participation.counting.formats import read_election
from participation.counting.methods import METHODS
from participation.counting.report import format_result


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
    parser.add_argument(
        "--max-skipped",
        type=int,
        default=None,
        help="for --format cvr: exhaust a ballot after this many skipped ranks",
    )
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument(
        "--canonical",
        action="store_true",
        help="print the canonical ballot text whose SHA-256 is the checksum",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    options = {}
    if args.format == "cvr":
        options = {"candidates_file": args.candidates_file, "max_skipped": args.max_skipped}
    try:
        election = read_election(args.file, args.format, **options)
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
