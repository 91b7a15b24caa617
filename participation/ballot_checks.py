"""What a ballot may hold: the checks every ballot meets before it is stored."""

from django.core.exceptions import ValidationError

from participation.models import Round


def check_choices(*, round: Round, choices: list[int], shortlist: list[int]) -> list[int]:
    """The choices as they will be stored, or a ValidationError a young person understands."""
    if not choices:
        raise ValidationError("Choose at least one before you send your vote.")
    if len(set(choices)) != len(choices):
        raise ValidationError("Each choice can only be used once. Please check your ranks.")
    if any(choice not in shortlist for choice in choices):
        raise ValidationError("One of your choices isn't on this ballot. Please choose again.")
    if len(choices) > round.max_choices:
        what = "rank" if round.is_ranked else "choose"
        raise ValidationError(f"You can {what} up to {round.max_choices}. Please remove some.")
    return list(choices) if round.is_ranked else sorted(choices)
