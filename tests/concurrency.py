"""Helpers for tests that run real threads against PostgreSQL."""

import functools

from django.db import connection


def in_own_connection(function):
    """Run `function` in a worker thread's own connection, closed when it returns.

    Django opens one connection per thread; a thread that ends without closing it
    leaves it open until the test database is dropped, which then fails.
    """

    @functools.wraps(function)
    def run(*args):
        try:
            return function(*args)
        finally:
            connection.close()

    return run
