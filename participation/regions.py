"""The areas a participant chooses from at sign-up: the same 12 ONS areas the
charity's statistics use, defined once in `evidence.regions`."""

from evidence.regions import Region

__all__ = ["Region"]
