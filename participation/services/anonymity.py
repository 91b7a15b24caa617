"""Anonymising a closed round's ballots: the state change that cuts every link between
them and the people who cast them. One SQL statement on PostgreSQL (`detach`), run
beside the count (`detaching`)."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import connections, router

from participation.models import Ballot, Round


def _is_postgresql(alias: str) -> bool:
    return connections[alias].vendor == "postgresql"


def _rewrite(connection, round: Round, stamp) -> None:
    """`detach` on PostgreSQL: one statement, in place. Each row gets a new id, drawn
    from the sequence in receipt order, no voter and the stamp. Updating rather than
    deleting and inserting leaves the round's foreign key as it was, so a million rows
    need no foreign-key checks when the transaction commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE participation_ballot AS ballot
            SET id = drawn.id, voter_id = NULL, cast_at = %s, updated_at = %s
            FROM (
                SELECT old_id, nextval(pg_get_serial_sequence('participation_ballot', 'id'))
                    AS id
                FROM (
                    SELECT id AS old_id FROM participation_ballot
                    WHERE round_id = %s ORDER BY receipt COLLATE "C"
                ) AS in_receipt_order
            ) AS drawn
            WHERE ballot.id = drawn.old_id
            """,
            [stamp, stamp, round.pk],
        )


@contextmanager
def detaching(round: Round, *, stamp):
    """Detach the round's ballots (`detach`) while the body of the `with` runs.

    On PostgreSQL the rewrite is most of a big close's time, all of it the database's,
    while counting and writing the files is all Python's: so the rewrite runs on this
    transaction's connection from a second thread, and the `with` waits for it at the
    end. The body must not use the database meanwhile (it would wait its turn). On
    other databases the rewrite runs after the body.
    """
    using = router.db_for_write(Ballot)
    if not _is_postgresql(using):
        yield
        detach(round, stamp=stamp)
        return
    connection = connections[using]
    failures: list[BaseException] = []

    def rewrite() -> None:
        try:
            _rewrite(connection, round, stamp)
        except BaseException as error:  # raised in the closing thread below
            failures.append(error)

    connection.inc_thread_sharing()
    worker = threading.Thread(target=rewrite, name=f"detach-round-{round.pk}")
    worker.start()
    try:
        yield
    finally:
        worker.join()
        connection.dec_thread_sharing()
    if failures:
        raise failures[0]


def detach(round: Round, *, stamp) -> None:
    """Cut every link between the round's ballots and the people who cast them.

    Clearing `voter` is not enough: ballot ids and times were written in the same
    transactions as the RoundVoter rows, so they would line up. The ballots are
    written again, in receipt order (random), all stamped with `stamp` (the closing
    time). Call inside the closing transaction.
    """
    using = router.db_for_write(Ballot)
    if _is_postgresql(using):
        _rewrite(connections[using], round, stamp)
        return
    rows = list(
        Ballot.objects.filter(round=round).order_by("receipt").values_list("receipt", "choices")
    )
    Ballot.objects.filter(round=round).delete()
    Ballot.objects.bulk_create(
        [
            Ballot(
                round=round,
                voter=None,
                receipt=receipt,
                choices=choices,
                cast_at=stamp,
                updated_at=stamp,
            )
            for receipt, choices in rows
        ],
        batch_size=5000,
    )
