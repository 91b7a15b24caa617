"""How a round's counting method works, in the one sentence every page and the API use."""

from django import template

from participation.results_story import round_method_sentence

register = template.Library()


@register.filter
def method_explanation(round) -> str:
    """`{{ round|method_explanation }}`: the method's own explanation (`MethodSpec.explain`)
    for this round's places, choices and whether it is the last round."""
    return round_method_sentence(round)
