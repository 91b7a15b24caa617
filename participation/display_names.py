"""Pseudonymous display names: what a participant is called in public.

A display name is chosen by the participant, never derived from their email, and is
checked against a short blocklist of words that would impersonate staff, reveal
contact details or offend. The check looks through common character swaps
("4dm1n") so the list does not have to spell every variant.
"""

import re
import secrets

MIN_LENGTH = 3
MAX_LENGTH = 30
ALLOWED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]*[A-Za-z0-9]$")

# Kept deliberately short: moderators see every public word anyway. Impersonation
# of the charity's staff matters most to young people deciding whom to trust.
BLOCKED_TERMS = (
    "admin",
    "moderator",
    "official",
    "staff",
    "listeninghub",
    "helpline",
    "police",
    "nhs",
    "fuck",
    "shit",
    "cunt",
    "bitch",
    "wank",
    "slut",
    "whore",
    "nazi",
    "rape",
    "nigger",
    "faggot",
    "retard",
    "paki",
)

_SWAPS = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "8": "b",
        "@": "a",
        "$": "s",
        "!": "i",
    }
)

ADJECTIVES = (
    "Quiet",
    "Bright",
    "Brave",
    "Calm",
    "Kind",
    "Swift",
    "Clever",
    "Gentle",
    "Bold",
    "Sunny",
)
ANIMALS = ("Otter", "Fox", "Heron", "Badger", "Puffin", "Hare", "Robin", "Seal", "Owl", "Wren")


def normalise(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().translate(_SWAPS))


def problems(name: str, *, email: str = "") -> list[str]:
    """Plain-language reasons why `name` cannot be used (empty when it can)."""
    name = name.strip()
    if len(name) < MIN_LENGTH or len(name) > MAX_LENGTH:
        return [f"Use between {MIN_LENGTH} and {MAX_LENGTH} characters."]
    if not ALLOWED.match(name):
        return [
            "Use letters, numbers, spaces, hyphens and underscores only, "
            "starting and ending with a letter or number."
        ]
    squashed = normalise(name)
    if any(term in squashed for term in BLOCKED_TERMS):
        return ["Please choose a different name: this one isn't allowed here."]
    local_part = normalise(email.split("@", 1)[0]) if email else ""
    if len(local_part) >= 3 and local_part in squashed:
        return [
            "Please choose a name that isn't part of your email address, "
            "so nobody can work out how to contact you."
        ]
    return []


def suggestion() -> str:
    """A random pseudonym a participant can take or ignore."""
    return f"{secrets.choice(ADJECTIVES)}{secrets.choice(ANIMALS)}{secrets.randbelow(90) + 10}"
