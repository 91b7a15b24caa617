"""Ids from the outside world: from a URL or a form, range-checked before any query.

Every table's key is a 64-bit integer, so an id above 2**63 - 1 cannot name a row, and
asking the database about one fails (OverflowError on SQLite, DataError on PostgreSQL)
instead of finding nothing. Routes take ids through the `id` path converter
("<id:pk>"), registered when this module is imported; forms use the fields below.
`config/urls.py` and `cms/apps.py` import it before any URL pattern is built, so an app
that must not import the others (moderation) can use the converter's name alone.
"""

from __future__ import annotations

from django import forms
from django.urls import register_converter

BIGGEST_ID = 2**63 - 1  # the largest BigAutoField value; anything beyond is simply not found
NOT_ON_THE_LIST = "That choice isn't on the list any more. Please reload the page and choose again."


def is_id(value) -> bool:
    """Whether `value` (a number or the text of one) could be a row's id."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 < value <= BIGGEST_ID
    text = str(value).strip()
    return text.isascii() and text.isdigit() and len(text) <= 19 and 0 < int(text) <= BIGGEST_ID


class IdConverter:
    """1 to 2**63 - 1, written in up to 19 digits. Anything else does not match the
    route, so the request ends as a 404 rather than reaching the database."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= BIGGEST_ID:
            raise ValueError(f"{value} is not an id")
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


class _KindChoiceMessage:
    def __init__(self, *args, error_messages=None, **kwargs):
        super().__init__(
            *args,
            error_messages={"invalid_choice": NOT_ON_THE_LIST, **(error_messages or {})},
            **kwargs,
        )


class IdModelChoiceField(_KindChoiceMessage, forms.ModelChoiceField):
    """A ModelChoiceField that refuses a value which cannot be an id before querying."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and self.to_field_name is None
            and not isinstance(value, self.queryset.model)
            and not is_id(value)
        ):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdModelMultipleChoiceField(_KindChoiceMessage, forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses values which cannot be ids before querying
    (`pk__in` with an out-of-range number is not caught by Django's own range check)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            try:
                values = frozenset(value)
            except TypeError:
                values = frozenset()  # Django's own check gives the kind message for this
            if wrong := next((each for each in values if not is_id(each)), None):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": wrong},
                )
        return super()._check_values(value)
