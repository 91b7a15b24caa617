"""How a count reads to people: the method in one sentence, the story of the count,
what its words mean, and what happened to each nomination.

Everything here is worked out from the frozen count record (a counting `Result`), so
the words always agree with the table beside them. No Django: the words can be tested
on any count the engine makes.

The engine calls each stage of a count a "round"; on the results page "round" means
the voting round, so a stage of the count is a "count" here: Count 1, Count 2 ...

The words live in the package's modules: `numbers` (values, plurals), `setting` (what
the record doesn't hold), `method` (the method in one sentence), `fates` (each
nomination, and the ties), `explanations` (the terms of the table) and `stories` (how
the winners were found). The names callers use are re-exported here.
"""

from participation.results_story.explanations import Explanation, explanations
from participation.results_story.fates import fates, tie_sentences
from participation.results_story.method import (
    method_sentence,
    round_method_sentence,
    round_seats,
)
from participation.results_story.numbers import (
    and_list,
    human_value,
    is_shortened,
    measure_name,
    plural,
)
from participation.results_story.setting import Setting
from participation.results_story.stories import story, uncontested_story

__all__ = [
    "Explanation",
    "Setting",
    "and_list",
    "explanations",
    "fates",
    "human_value",
    "is_shortened",
    "measure_name",
    "method_sentence",
    "plural",
    "round_method_sentence",
    "round_seats",
    "story",
    "tie_sentences",
    "uncontested_story",
]
