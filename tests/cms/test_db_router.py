"""Reads that tolerate a second or two of lag go to the read replica; the rest to default.

The replica here is Django's test mirror: a second alias, and a second connection, to
the test database, so a test can tell which connection a query ran on.
"""

import runpy
import warnings
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.cache.backends.db import DatabaseCache
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from config.db_router import (
    REPLICA,
    ReplicaReadsMiddleware,
    ReplicaRouter,
    reads_from_replica,
    replica_was_read,
)
from evidence.models import Topic

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings" / "base.py"
MIDDLEWARE = "config.db_router.ReplicaReadsMiddleware"
requests = RequestFactory()


def _quietly(override, action: str) -> None:
    # Django warns that connections do not follow DATABASES; the fixture adds the alias.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        getattr(override, action)()


@pytest.fixture(scope="module")
def replica(django_db_setup):
    """DATABASES with a `replica` alias mirroring `default`, as Django tests replicas.

    Module-scoped so the alias exists before a test's database access is set up. Run
    beside a real replica (DATABASE_REPLICA_URL), it stands in for that one, whose lag
    would make the tests' answers depend on timing, and gives it back afterwards.
    """
    default = connections[DEFAULT_DB_ALIAS].settings_dict
    mirror = {**default, "TEST": {**default["TEST"], "MIRROR": DEFAULT_DB_ALIAS}}
    real = connections.settings.get(REPLICA)
    if real is not None:
        connections[REPLICA].close()
        del connections[REPLICA]
    override = override_settings(DATABASES={DEFAULT_DB_ALIAS: default, REPLICA: mirror})
    _quietly(override, "enable")
    connections.settings[REPLICA] = mirror
    yield REPLICA
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]
    if real is not None:
        connections.settings[REPLICA] = real
    _quietly(override, "disable")


def during(request, read):
    """What `read()` answers while the middleware handles `request`."""
    answers = []

    def view(request):
        answers.append(read())
        return HttpResponse()

    ReplicaReadsMiddleware(view)(request)
    return answers[0]


def topic_reads():
    return router.db_for_read(Topic)


# --- Settings --------------------------------------------------------------------


def test_a_replica_url_adds_a_replica_alias_that_tests_treat_as_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://hub@primary.internal:5432/listening_hub")
    monkeypatch.setenv(
        "DATABASE_REPLICA_URL", "postgres://hub_reader@replica.internal:5433/listening_hub"
    )
    settings = runpy.run_path(str(BASE_SETTINGS))

    replica = settings["DATABASES"][REPLICA]
    assert (replica["HOST"], replica["PORT"], replica["USER"]) == (
        "replica.internal",
        5433,
        "hub_reader",
    )
    assert replica["NAME"] == "listening_hub"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert settings["DATABASES"]["default"]["HOST"] == "primary.internal"
    assert settings["DATABASE_ROUTERS"] == ["config.db_router.ReplicaRouter"]


def test_without_a_replica_url_there_is_only_default(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    assert list(runpy.run_path(str(BASE_SETTINGS))["DATABASES"]) == ["default"]


# --- No replica: the router says nothing ------------------------------------------


def test_without_a_replica_the_router_says_nothing():
    only_default = override_settings(
        DATABASES={DEFAULT_DB_ALIAS: connections[DEFAULT_DB_ALIAS].settings_dict}
    )
    _quietly(only_default, "enable")
    try:
        answers_without_replica()
    finally:
        _quietly(only_default, "disable")


def answers_without_replica():
    replica_router = ReplicaRouter()

    api_get = requests.get("/api/v1/topics")
    assert during(api_get, lambda: replica_router.db_for_read(Topic)) is None
    assert during(api_get, lambda: replica_router.db_for_write(Topic)) is None
    assert replica_router.allow_migrate(DEFAULT_DB_ALIAS, "evidence") is None
    assert during(api_get, topic_reads) == DEFAULT_DB_ALIAS


# --- Which requests read from the replica -----------------------------------------


def test_api_gets_and_heads_read_from_the_replica(replica):
    assert during(requests.get("/api/v1/topics"), topic_reads) == REPLICA
    assert during(requests.head("/api/v1/statistics"), topic_reads) == REPLICA


def test_api_requests_that_may_write_read_from_default(replica):
    assert during(requests.post("/api/v1/topics"), topic_reads) == DEFAULT_DB_ALIAS
    assert during(requests.options("/api/v1/topics"), topic_reads) == DEFAULT_DB_ALIAS


def test_the_rest_of_the_site_reads_from_default(replica):
    assert during(requests.get("/"), topic_reads) == DEFAULT_DB_ALIAS
    assert during(requests.get("/apis-of-the-world/"), topic_reads) == DEFAULT_DB_ALIAS
    assert topic_reads() == DEFAULT_DB_ALIAS  # outside any request: a command, the scheduler


def test_a_marked_view_reads_from_the_replica_on_get_only(replica):
    @reads_from_replica
    def download(request, page, number):
        return topic_reads()

    assert download(requests.get("/votes/rounds/1/ballots/csv/"), None, 1) == REPLICA
    assert download(requests.head("/votes/rounds/1/ballots/csv/"), None, 1) == REPLICA
    assert download(requests.post("/votes/rounds/1/ballots/csv/"), None, 1) == DEFAULT_DB_ALIAS
    # The mark ends with the call.
    assert topic_reads() == DEFAULT_DB_ALIAS


def test_a_marked_page_serve_method_reads_from_the_replica(replica):
    class ExplorerPage:
        @reads_from_replica
        def serve(self, request, *args, **kwargs):
            return topic_reads()

    assert ExplorerPage().serve(requests.get("/explore/")) == REPLICA
    assert ExplorerPage.serve.reads_from_replica is True


def test_under_the_middleware_a_mark_lasts_until_the_response_is_rendered(replica):
    @reads_from_replica
    def explorer(request):
        return "a response whose template renders after the view returns"

    def handler(request):
        explorer(request)
        return HttpResponse(topic_reads())

    response = ReplicaReadsMiddleware(handler)(requests.get("/explore/"))

    assert response.content.decode() == REPLICA
    assert topic_reads() == DEFAULT_DB_ALIAS


# --- What stays on default even there ---------------------------------------------


def test_writes_go_to_default(replica):
    assert during(requests.get("/api/v1/topics"), lambda: router.db_for_write(Topic)) == "default"


def test_after_a_write_the_request_reads_its_own_writes_from_default(replica):
    def write_then_read():
        router.db_for_write(Topic)
        return topic_reads()

    assert during(requests.get("/api/v1/topics"), write_then_read) == DEFAULT_DB_ALIAS


def test_who_the_visitor_is_and_their_counts_are_read_from_default(replica):
    cache_entry = DatabaseCache("listening_hub_cache", {}).cache_model_class
    for model in (Session, get_user_model(), Group, cache_entry):
        assert during(requests.get("/api/v1/topics"), lambda m=model: router.db_for_read(m)) == (
            DEFAULT_DB_ALIAS
        ), model


def test_counting_a_request_against_the_rate_limit_does_not_pin_it_to_default(replica):
    cache_entry = DatabaseCache("listening_hub_cache", {}).cache_model_class

    def count_then_read():
        assert router.db_for_write(cache_entry) == DEFAULT_DB_ALIAS
        return topic_reads()

    assert during(requests.get("/api/v1/topics"), count_then_read) == REPLICA


def test_only_default_is_migrated_and_relations_may_cross(replica):
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "evidence", model_name="topic") is True
    assert router.allow_migrate(REPLICA, "evidence", model_name="topic") is False
    assert ReplicaRouter().allow_relation(Topic(), Topic()) is True


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
def test_reads_inside_a_transaction_go_to_default(replica):
    def reads():
        before = topic_reads()
        with transaction.atomic():
            inside = topic_reads()
            with transaction.atomic():
                nested = topic_reads()
        return before, inside, nested, topic_reads()

    assert during(requests.get("/api/v1/topics"), reads) == (
        REPLICA,
        DEFAULT_DB_ALIAS,
        DEFAULT_DB_ALIAS,
        REPLICA,
    )


# --- A whole request --------------------------------------------------------------


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
def test_an_api_request_reads_its_data_on_the_replica_connection(replica, settings, client):
    if MIDDLEWARE not in settings.MIDDLEWARE:
        sessions = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE[:sessions],
            MIDDLEWARE,
            *settings.MIDDLEWARE[sessions:],
        ]
    Topic.objects.create(name="Money worries after school", slug="money-after-school")

    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_default,
    ):
        response = client.get("/api/v1/topics/money-after-school")

    assert response.status_code == 200
    assert response.json()["name"] == "Money worries after school"
    assert any('"evidence_topic"' in query["sql"] for query in on_replica.captured_queries)
    assert not any('"evidence_topic"' in query["sql"] for query in on_default.captured_queries)
    assert not replica_was_read()  # the request is over: nothing carries over to the next
