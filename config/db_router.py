"""Reads that may be a second or two old go to a read replica, when there is one.

With DATABASE_REPLICA_URL set, config/settings/base.py adds a second database alias,
`replica`: a streaming standby of `default`, a second or two behind it at worst. Only
the parts of the site whose readers cannot tell such data from the newest read from it:

- the open-data API: every GET or HEAD under /api/ (marked by `ReplicaReadsMiddleware`);
- views marked `@reads_from_replica`: the data explorer and the published ballot and
  receipt downloads. Their data changes by imports and counts, never because of what
  the reader just did.

Everything else reads from `default`, and so do these, in the cases below:

- every write, and every read after the request has written, so a request always sees
  its own writes;
- every read inside `transaction.atomic()`: a read there decides a write, so it must
  see the newest data, and a replica could not join the transaction anyway;
- who the visitor is and how much they have asked (sessions, accounts, permissions,
  the database cache's rate-limit counters): a sign-in or a count a moment ago must
  hold on the next request.

Without a `replica` alias the router answers nothing and Django uses `default`.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest

REPLICA = "replica"
# Paths whose GET and HEAD requests read from the replica (CORS_URLS_REGEX in base.py).
REPLICA_PATH_PREFIXES = ("/api/",)
READ_METHODS = ("GET", "HEAD")
# Who the visitor is and what they may do, and the database cache (sessions and
# rate-limit counters when REDIS_URL is unset): always the newest.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "account", "mfa", "django_cache"})


@dataclass
class RequestReads:
    """Where one request's reads may go, and what it has done so far."""

    replica_allowed: bool = False
    wrote: bool = False
    read_replica: bool = False


_request_reads: ContextVar[RequestReads | None] = ContextVar("request_reads", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_was_read() -> bool:
    """Whether the current request has read anything from the replica."""
    reads = _request_reads.get()
    return reads is not None and reads.read_replica


def _reads_only(request: HttpRequest) -> bool:
    return request.method in READ_METHODS


class ReplicaReadsMiddleware:
    """Lets GET and HEAD requests under /api/ read from the replica.

    Every request gets its own record, so `@reads_from_replica` can extend the mark to
    the rest of the request: a TemplateResponse renders after its view has returned.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = _reads_only(request) and request.path_info.startswith(REPLICA_PATH_PREFIXES)
        token = _request_reads.set(RequestReads(replica_allowed=allowed))
        try:
            return self.get_response(request)
        finally:
            _request_reads.reset(token)


def reads_from_replica(view):
    """Let a view's GET and HEAD requests read from the replica.

    For views whose data may be a second or two old. Works on function views and on
    methods that take the request (a Wagtail page's `serve`). Under the middleware the
    mark lasts to the end of the request, templates included; without it, for the
    call only.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        request = next((arg for arg in args if isinstance(arg, HttpRequest)), None)
        if request is None or not _reads_only(request):
            return view(*args, **kwargs)
        reads = _request_reads.get()
        if reads is not None:
            reads.replica_allowed = True
            return view(*args, **kwargs)
        token = _request_reads.set(RequestReads(replica_allowed=True))
        try:
            return view(*args, **kwargs)
        finally:
            _request_reads.reset(token)

    wrapped.reads_from_replica = True
    return wrapped


def _primary_only(model) -> bool:
    meta = model._meta
    if meta.app_label in PRIMARY_ONLY_APPS:
        return True
    return getattr(meta, "label", None) == settings.AUTH_USER_MODEL


class ReplicaRouter:
    """Sends reads that tolerate lag to `replica`; everything else to `default`."""

    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None
        reads = _request_reads.get()
        if reads is None or not reads.replica_allowed or reads.wrote:
            return DEFAULT_DB_ALIAS
        if _primary_only(model) or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        reads.read_replica = True
        return REPLICA

    def db_for_write(self, model, **hints):
        if not replica_configured():
            return None
        reads = _request_reads.get()
        # A session or a rate-limit count is always read from `default` anyway: writing
        # one leaves the request's other reads where they were.
        if reads is not None and not _primary_only(model):
            reads.wrote = True
        # Never None: Django would then write where the instance was read from, and an
        # object read from the replica would be saved to it.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows: an object read from one may point at the other's.
        return True if replica_configured() else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if not replica_configured():
            return None
        # The replica copies the primary's schema; it cannot be migrated itself.
        return db == DEFAULT_DB_ALIAS
