"""Disclosure control: the one function every public figure about young people passes through.

The charity publishes numbers about the young people who contact it and who vote on
the hub. A count of 1 or 2 in a small area or age band can point at a person, so every
figure on a public page, download or API answer follows three rules (product spec):

- a count under `THRESHOLD` (10) is shown as "fewer than 10" (*primary* suppression);
- every other count is rounded to the nearest `ROUND_TO` (5), half up, so that two
  published figures can't be subtracted to get a small exact number;
- no total, difference or breakdown may reveal a suppressed count (*secondary*
  suppression): if a total and all but one of its parts are published, the last part
  is a subtraction away, so a second part is hidden too.

Staff screens may show exact counts: those stay plain `int`s and never become a
`Figure`. A `Figure` can only hold a value that may be published, so anything typed
`Figure` is safe to put on a public page.

`disclose_table` does not stop at the "one hidden cell in a group" rule. Rounding
narrows what a hidden cell can be, and a published total can pin hidden cells on its
own (two cells "fewer than 10" whose total is published as 20 must both be 9). So
after the rule it audits the table as an attacker would: from everything published,
can each hidden cell still have at least two values? It hides more until the answer
is yes. The tests check the same thing by brute force on random tables.

Plain Python, no Django: the importer, the pages, the API and the tests all use it.
"""

from evidence.disclosure.audit import SEARCH_BUDGET
from evidence.disclosure.figures import (
    LABELS,
    ROUND_TO,
    SECONDARY,
    SHOWN,
    SMALL,
    THRESHOLD,
    UNPUBLISHED,
    WITHHELD,
    Figure,
    Reason,
    disclose,
    disclose_total,
    share,
)
from evidence.disclosure.tables import DisclosedTable, disclose_table

__all__ = [
    "LABELS",
    "ROUND_TO",
    "SEARCH_BUDGET",
    "SECONDARY",
    "SHOWN",
    "SMALL",
    "THRESHOLD",
    "UNPUBLISHED",
    "WITHHELD",
    "DisclosedTable",
    "Figure",
    "Reason",
    "disclose",
    "disclose_table",
    "disclose_total",
    "share",
]
