"""Plain-text rendering of a result: winners, the round table and the tie-breaks."""

from __future__ import annotations

from participation.counting.methods import METHODS
from participation.counting.result import Result, format_value
from participation.counting.rules import REASON_WORDS, REASONS, BallotRules

ROUNDS_PER_BLOCK = 8
NAME_WIDTH = 32


def format_result(result: Result) -> str:
    spec = METHODS.get(result.method)
    title = spec.display_name if spec else result.method
    lines = [
        f"Method: {title} ({result.method}, version {result.method_version})",
        f"Ballots: {result.ballots} ({result.empty_ballots} empty)   Seats: {result.seats}"
        + (f"   Quota: {format_value(result.quota)}" if result.quota is not None else ""),
        f"Ballot checksum (SHA-256): {result.ballot_checksum}",
        f"Tie-break seed: {result.seed}",
    ]
    if result.rules:
        lines.append(f"Ballot rules: {BallotRules.from_dict(result.rules).describe()}")
    lines += [
        "",
        "Winners:",
    ]
    lines += [f"  {i}. {name}" for i, name in enumerate(result.winners, start=1)]
    if result.ranking:
        lines.append("")
        lines.append("Full ranking (candidates on one line are tied):")
        lines += [f"  {i}. {' = '.join(tier)}" for i, tier in enumerate(result.ranking, start=1)]
    lines.append("")
    lines += _round_table(result)
    lines.append("")
    lines.append("What happened in each round:")
    for record in result.rounds:
        lines.append(f"  Round {record.number}: {record.action}.")
        for tv in record.transfer_values:
            lines.append(
                f"    {tv.papers} papers received at {format_value(tv.value_received)}"
                f" move on at {format_value(tv.transfer_value)} each"
            )
        for key in ("non_transferable", "lost_to_truncation"):
            if key in record.data and record.data[key] not in ("0.00000", 0):
                lines.append(f"    {key.replace('_', ' ')}: {record.data[key]}")
        for decision in record.eliminated:
            lines.append(f"    Eliminated: {decision.candidate} ({decision.reason})")
        for decision in record.elected:
            lines.append(f"    Elected: {decision.candidate} ({decision.reason})")
    lines.append("")
    if result.tie_breaks:
        lines.append("Tie-breaks:")
        for tie in result.tie_breaks:
            lines.append(
                f"  Round {tie.round}, {tie.purpose}: {', '.join(tie.tied)} were tied;"
                f" {tie.rule} chose {', '.join(tie.chosen)}"
            )
            lines.append(f"    {tie.detail}")
            for name, ticket in tie.tickets.items():
                lines.append(f"    ticket {name}: {ticket}")
    else:
        lines.append("Tie-breaks: none were needed.")
    return "\n".join(lines) + "\n"


def _round_table(result: Result) -> list[str]:
    rounds = result.rounds
    if not rounds:
        return []
    measure = rounds[0].measure
    lines = [f"Round by round ({measure}):"]
    names = list(result.candidates)
    # Ballots counting for nobody, by why, where the count says why; else one row.
    reasons = [reason for reason in REASONS if any(r.inactive.get(reason) for r in rounds)]
    extra = [f"Inactive: {REASON_WORDS[reason]}" for reason in reasons]
    if not reasons and any(r.exhausted for r in rounds):
        extra = ["Exhausted"]
    width = min(max(len(n) for n in names + extra), NAME_WIDTH)
    for start in range(0, len(rounds), ROUNDS_PER_BLOCK):
        block = rounds[start : start + ROUNDS_PER_BLOCK]
        cells = [[format_value(r.counts.get(name, 0)) for r in block] for name in names]
        if reasons:
            cells += [[format_value(r.inactive.get(why, 0)) for r in block] for why in reasons]
        elif extra:
            cells.append([format_value(r.exhausted) for r in block])
        headers = [f"R{r.number}" for r in block]
        column = max([len(h) for h in headers] + [len(c) for row in cells for c in row])
        lines.append(" " * (width + 3) + " ".join(h.rjust(column) for h in headers))
        labels = names + extra
        for label, row in zip(labels, cells, strict=True):
            short = label if len(label) <= width else label[: width - 1] + "…"
            lines.append(f"  {short.ljust(width)} " + " ".join(c.rjust(column) for c in row))
        lines.append("")
    return lines[:-1]
