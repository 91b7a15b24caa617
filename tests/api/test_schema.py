"""The OpenAPI schema is valid OpenAPI, and every documented endpoint answers as it says.

A property-based run with schemathesis, in-process through the WSGI application: for
each operation, inputs that fit the schema and inputs that don't, then the real ids of
published things so the answers with data are checked too. No answer may be a 500,
and each must match the documented status codes, content types, headers and shapes:
every built-in check runs (not_a_server_error, status_code_conformance,
content_type_conformance, response_schema_conformance, response_headers_conformance,
negative_data_rejection and the rest) but positive_data_acceptance, explained below.
There is no stateful run: schemathesis's state machine follows OpenAPI links between
operations, and this API only reads, so it has none to follow.
"""

import json

import jsonschema_rs
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.definitions import OPENAPI_31

pytestmark = pytest.mark.django_db
SCHEMA_URL = "/api/v1/openapi.json"
EXAMPLES = 25


def test_the_schema_is_valid_openapi_3_1(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["openapi"].startswith("3.1")
    jsonschema_rs.validator_for(OPENAPI_31).validate(document)
    assert document["info"]["license"]["name"] == "CC BY 4.0"
    for name, schema in document["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(schema), name


def test_a_broken_schema_would_be_caught(client):
    document = client.get(SCHEMA_URL).json()
    document["paths"]["/api/v1/topics"]["get"]["responses"] = "nothing"
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.validator_for(OPENAPI_31).validate(document)


def test_every_operation_is_documented_with_its_errors(client):
    document = client.get(SCHEMA_URL).json()
    operations = [(path, item["get"]) for path, item in document["paths"].items()]
    assert {path for path, _ in operations} >= {
        "/api/v1/topics",
        "/api/v1/topics/{slug}",
        "/api/v1/snippets",
        "/api/v1/snippets/{snippet_id}",
        "/api/v1/votes",
        "/api/v1/votes/{vote_id}",
        "/api/v1/votes/{vote_id}/rounds/{number}/result",
        "/api/v1/votes/{vote_id}/rounds/{number}/ballots",
        "/api/v1/votes/{vote_id}/rounds/{number}/ballots.csv",
        "/api/v1/votes/{vote_id}/rounds/{number}/ballots.blt",
    }
    for path, operation in operations:
        assert operation["summary"] and operation["description"], path
        assert {"200", "304", "400", "429"} <= set(operation["responses"]), path
        assert "Retry-After" in operation["responses"]["429"]["headers"], path
        if "{" in path:
            assert "404" in operation["responses"], path
    assert all(set(item) == {"get"} for item in document["paths"].values()), "the API only reads"


def test_no_two_schemas_share_a_name():
    """The schema names each shape after its class: two classes of one name would leave
    one of them describing the other's answers."""
    from ninja import Schema

    import config.api  # noqa: F401  (every router, so every schema class, is loaded)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith(("evidence.api", "participation.api", "config.api")):
            names.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: where for name, where in names.items() if len(where) > 1} == {}


def _run(operation, strategy):
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        # Input can fit the schema and still be refused by design, with a 400 that says
        # why: a page past the last one, a slug that is no topic's. The schema can't know
        # how many pages or topics there are, so that one check doesn't apply; every
        # other check does (no 5xx, documented statuses, headers, content types, shapes,
        # and schema-breaking input refused).
        # Over WSGI nothing decompresses the answer as an HTTP client would, so ask for
        # it uncompressed (tests/cms/test_compression.py covers compressed answers).
        response = case.call_and_validate(
            headers={"Accept-Encoding": "identity"},
            excluded_checks=[positive_data_acceptance],
        )
        assert response.status_code < 500, (operation.label, response.text)

    check()


@pytest.fixture
def connection_kept_open():
    """A WSGI request closes the database connection when it ends; in a test that
    connection holds the test's transaction, so keep it open, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_input_makes_the_api_fail_or_break_its_schema(
    settings,
    snippet,
    age_snippet,
    draft_snippet,
    closed_vote,
    unpublished_vote,
    connection_kept_open,
):
    # Hundreds of requests from one address in a few seconds: the limit has its own test.
    settings.API_RATE_LIMIT = "100000/m"
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
    real = {
        "slug": "anxiety",
        "snippet_id": snippet.pk,
        "vote_id": closed_vote.page.pk,
        "number": 1,
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        names = {parameter.name for parameter in operation.path_parameters}
        modes = [GenerationMode.POSITIVE]
        if names or list(operation.query):
            modes.append(GenerationMode.NEGATIVE)  # nothing to get wrong without parameters
        for mode in modes:
            _run(operation, operation.as_strategy(generation_mode=mode))
        if names:
            fixed = {name: value for name, value in real.items() if name in names}
            _run(operation, operation.as_strategy(path_parameters=fixed))


def test_the_schema_and_the_docs_name_the_same_endpoints(client):
    document = client.get(SCHEMA_URL).json()
    page = client.get("/api/v1/docs/").content.decode()
    for path, item in document["paths"].items():
        assert f"GET {path}" in page, path
        assert item["get"]["summary"] in page.replace("&#x27;", "'"), path
    assert json.dumps(document)  # the schema is plain JSON
