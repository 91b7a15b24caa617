"""What screening finds: kinds and categories of flag, a flag, and the editable lists."""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum

from moderation import screening_defaults


class FlagKind(StrEnum):
    PERSONAL = "personal"
    RISK = "risk"
    PROFANITY = "profanity"


class FlagCategory(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    POSTCODE = "postcode"
    ADDRESS = "address"
    SOCIAL_HANDLE = "social_handle"
    SCHOOL = "school"
    SELF_HARM = "self_harm"
    SUICIDE = "suicide"
    ABUSE = "abuse"
    PROFANITY = "profanity"


CATEGORY_KIND = {
    FlagCategory.PHONE: FlagKind.PERSONAL,
    FlagCategory.EMAIL: FlagKind.PERSONAL,
    FlagCategory.POSTCODE: FlagKind.PERSONAL,
    FlagCategory.ADDRESS: FlagKind.PERSONAL,
    FlagCategory.SOCIAL_HANDLE: FlagKind.PERSONAL,
    FlagCategory.SCHOOL: FlagKind.PERSONAL,
    FlagCategory.SELF_HARM: FlagKind.RISK,
    FlagCategory.SUICIDE: FlagKind.RISK,
    FlagCategory.ABUSE: FlagKind.RISK,
    FlagCategory.PROFANITY: FlagKind.PROFANITY,
}

KIND_LABELS = {
    FlagKind.PERSONAL: "Personal details",
    FlagKind.RISK: "Possible safeguarding risk",
    FlagKind.PROFANITY: "Swearing",
}

CATEGORY_LABELS = {
    FlagCategory.PHONE: "phone number",
    FlagCategory.EMAIL: "email address",
    FlagCategory.POSTCODE: "postcode",
    FlagCategory.ADDRESS: "street address",
    FlagCategory.SOCIAL_HANDLE: "social media name",
    FlagCategory.SCHOOL: "school name",
    FlagCategory.SELF_HARM: "self-harm",
    FlagCategory.SUICIDE: "suicide",
    FlagCategory.ABUSE: "abuse",
    FlagCategory.PROFANITY: "swearing",
}


@dataclass(frozen=True)
class Flag:
    """One match: which field, where (character offsets), and what kind."""

    category: FlagCategory
    field: str
    start: int
    end: int
    text: str

    @property
    def kind(self) -> FlagKind:
        return CATEGORY_KIND[self.category]

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.kind]}: {CATEGORY_LABELS[self.category]}"

    def as_dict(self) -> dict:
        return {
            "kind": str(self.kind),
            "category": str(self.category),
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> "Flag":
        return cls(
            category=FlagCategory(data["category"]),
            field=data["field"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data.get("text", ""),
        )


def parse_lines(text: str) -> tuple[str, ...]:
    """One term per line; blank lines and lines starting with # are ignored."""
    lines = (line.strip() for line in (text or "").splitlines())
    return tuple(dict.fromkeys(line for line in lines if line and not line.startswith("#")))


@dataclass(frozen=True)
class ScreeningConfig:
    """The editable lists, as tuples so a config can key a cache of compiled patterns.

    Each field is also a field of the admin's `ScreeningSettings` and, in capitals, a
    starting list in `moderation/screening_defaults.py`.
    """

    self_harm_terms: tuple[str, ...] = ()
    suicide_terms: tuple[str, ...] = ()
    abuse_terms: tuple[str, ...] = ()
    profanity_terms: tuple[str, ...] = ()
    profanity_allowed_words: tuple[str, ...] = ()
    school_names: tuple[str, ...] = ()

    @classmethod
    def from_text(cls, **texts: str) -> "ScreeningConfig":
        return cls(**{name: parse_lines(value) for name, value in texts.items()})

    @classmethod
    def from_lists(cls, lists: object) -> "ScreeningConfig":
        """The config of an object with one text attribute per list (the settings)."""
        return cls.from_text(**{name: getattr(lists, name) for name in TERM_LISTS})

    @classmethod
    def defaults(cls) -> "ScreeningConfig":
        return cls.from_text(
            **{name: getattr(screening_defaults, name.upper()) for name in TERM_LISTS}
        )


# The names of the editable lists, in the order above.
TERM_LISTS: tuple[str, ...] = tuple(field.name for field in fields(ScreeningConfig))
