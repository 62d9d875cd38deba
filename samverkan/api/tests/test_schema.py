"""The OpenAPI document: fuzzed with schemathesis, and every operation's auth."""

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from django.test.client import ClientHandler
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from samverkan.api.api import api

SNAPSHOT = Path(__file__).parent / "openapi.json"
# The operations anyone may call without a token: the document and its page;
# the root and every unknown address answer 404 (test_errors.py).
PUBLIC = {"openapi-json", "openapi-view", "api-root", "api-unknown"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 8


def wsgi_app(environ: dict, start_response) -> list[bytes]:  # noqa: ANN001
    """Serve through Django's test handler: the test's database transaction stays."""
    response = ClientHandler(enforce_csrf_checks=False)(environ)
    headers = list(response.items())
    start_response(f"{response.status_code} {response.reason_phrase}", headers)
    if response.streaming:
        return [b"".join(response.streaming_content)]
    return [response.content]


@pytest.fixture
def populated(
    structure, persona_body, municipality, region, secretary, sample_files
) -> dict:  # noqa: ANN001
    """Records of each kind, so generated ids sometimes hit a real one."""
    from samverkan.deviations import services as deviations
    from samverkan.matters import services as matters
    from samverkan.meetings import services as meetings

    matter = matters.register_matter(
        body=persona_body,
        title="Ärende",
        description="Text",
        raised_by=municipality,
        category="other",
        actor=None,
    )
    matters.attach_document(
        matter=matter, filename="a.pdf", content=sample_files["pdf"], actor=None
    )
    deviations.report_deviation(
        structure=structure,
        reporting_party=municipality,
        reporting_unit="Hemtjänst",
        concerned_party=region,
        event_date=dt.date(2024, 3, 1),
        category="discharge",
        description="Utskriven utan information.",
        consequence="none",
        actor=None,
        today=dt.date(2024, 3, 2),
    )
    meeting = meetings.create_meeting(
        body=persona_body,
        starts_at=dt.datetime(2030, 4, 12, 9, tzinfo=ZoneInfo("Europe/Stockholm")),
        actor=None,
    )
    item = meetings.add_item(meeting=meeting, title="Välkommen", actor=None)
    meetings.add_follow_up(
        item=item,
        text="Återkoppling",
        target_body=persona_body,
        target_month=dt.date(2030, 9, 1),
        actor=None,
    )
    meetings.add_assignment(item=item, title="Ta fram en plan", actor=None)
    return {"matter": matter, "meeting": meeting}


def test_schemathesis_finds_no_server_error_and_no_response_off_the_schema(
    populated, secretary, api_for
) -> None:  # noqa: ANN001
    token = api_for(secretary, "write").headers
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,  # the same examples on every run: seeded
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case) -> None:  # noqa: ANN001
            response = case.call(headers=token)
            case.validate_response(response, checks=CHECKS)

        run()


def test_every_operation_needs_a_token_unless_it_is_the_document_itself() -> None:
    """The web's policy walk cannot see into django-ninja; this test does for the API.

    test_policies.py excuses the API's URL namespace; in return every
    operation must require the token (and so the permission functions of
    the token's user), and the only other views are the explicitly public
    ones: the OpenAPI document, its docs page and the API root.
    """
    document = api.get_openapi_schema(path_prefix="/api/v1")
    operations = [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) >= 25
    without_token = [
        f"{method.upper()} {path}"
        for path, method, operation in operations
        if operation.get("security") != [{"TokenAuth": []}]
    ]
    assert without_token == []
    # Every other URL of the API's namespace serves an operation checked above.
    patterns, _app, namespace = api.urls
    assert namespace == "api-v1"
    public, served = set(), set()
    for pattern in patterns:
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        if pattern.name in PUBLIC:
            public.add(pattern.name)
        else:
            served.add("/api/v1/" + route)
    assert public == PUBLIC
    assert served == set(document["paths"])


def test_the_openapi_document_matches_the_snapshot(client) -> None:  # noqa: ANN001
    """A change of the API contract shows in review as a change of this file.

    After an intended change: `samverkan export_openapi_schema --api samverkan.api.api.api --indent 1
    > samverkan/api/tests/openapi.json`.
    """
    document = client.get("/api/v1/openapi.json").json()
    assert document == json.loads(SNAPSHOT.read_text())


def test_the_docs_page_loads_its_scripts_from_the_site(client) -> None:  # noqa: ANN001
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn." not in page
