"""Shared reads in participation, one module per entity: `participants` (status, display
names), `nominations`, `rounds` (shortlists, ballot papers), `ballots` (the published
set), `history` (what a participant has done) and `related` (items on the same topics).
Import from the entity module."""
