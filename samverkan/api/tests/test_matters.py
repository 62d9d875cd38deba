"""Matters through the API: register, read, update with If-Match, status, documents."""

import pytest

from samverkan.matters import services as matters
from samverkan.matters.models import Matter


@pytest.fixture
def registration(persona_body, municipality) -> dict:  # noqa: ANN001
    return {
        "body": persona_body.pk,
        "raised_by": municipality.pk,
        "title": "Läkemedelsgenomgångar i hemsjukvården",
        "description": "Parterna behöver en gemensam rutin.",
        "category": "agreement",
    }


def test_a_party_registers_a_matter_and_gets_its_registry_number(
    party_contact, api_for, registration, persona_body
) -> None:  # noqa: ANN001
    api = api_for(party_contact)
    response = api.post("matters", registration)
    assert response.status_code == 201
    body = response.json()
    matter = Matter.objects.get()
    assert body["registry_number"] == f"CS {matter.year}/1" == matter.registry_number
    assert body["raised_by"]["name"] == "Malmö"
    assert body["status"] == "received"
    assert response["Location"].endswith(f"/api/v1/matters/{matter.pk}")
    assert response["ETag"].startswith('"')
    assert matter.created_by == party_contact


def test_a_party_may_not_raise_a_matter_for_another_party(
    party_contact, api_for, registration, region
) -> None:  # noqa: ANN001
    response = api_for(party_contact).post(
        "matters", {**registration, "raised_by": region.pk}
    )
    assert response.status_code == 403
    assert not Matter.objects.exists()


def test_bad_input_answers_422_with_a_field_error_in_both_languages(
    party_contact, api_for, registration
) -> None:  # noqa: ANN001
    response = api_for(party_contact).post(
        "matters", {**registration, "title": "", "category": "okänd", "body": 999_999}
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "validation_error" and problem["status"] == 422
    fields = {error["field"]: error for error in problem["fields"]}
    assert set(fields) == {"title", "category"}
    assert fields["title"]["message_sv"] == "Texten är för kort: minst 1 tecken."
    assert (
        fields["title"]["message_en"] == "The text is too short: at least 1 characters."
    )
    assert "agreement" in fields["category"]["message_sv"]
    unknown = api_for(party_contact).post("matters", {**registration, "body": 999_999})
    assert unknown.status_code == 422
    assert unknown.json()["fields"][0]["field"] == "body"
    assert not Matter.objects.exists()


@pytest.fixture
def matter(persona_body, municipality) -> Matter:  # noqa: ANN001
    return matters.register_matter(
        body=persona_body,
        title="Samordnad individuell plan",
        description="Text",
        raised_by=municipality,
        category="ehealth",
        visibility="internal",
        actor=None,
    )


def test_an_update_needs_the_current_etag_so_no_write_is_lost(
    secretary, api_for, matter
) -> None:  # noqa: ANN001
    first, second = api_for(secretary), api_for(secretary)
    etag = first.get(f"matters/{matter.pk}")["ETag"]
    assert second.get(f"matters/{matter.pk}")["ETag"] == etag

    missing = first.patch(f"matters/{matter.pk}", {"title": "Ny rubrik"})
    assert missing.status_code == 428
    assert missing.json()["code"] == "if_match_required"

    done = first.patch(f"matters/{matter.pk}", {"title": "Ny rubrik"}, If_Match=etag)
    assert done.status_code == 200
    assert done.json()["title"] == "Ny rubrik"
    assert done["ETag"] != etag

    # The second writer read the same version: refused, nothing overwritten.
    stale = second.patch(
        f"matters/{matter.pk}", {"title": "Annan rubrik"}, If_Match=etag
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == "etag_mismatch"
    assert stale["ETag"] == done["ETag"]
    matter.refresh_from_db()
    assert matter.title == "Ny rubrik"
    assert matter.history.first().history_user == secretary


def test_a_status_change_follows_the_workflow_and_answers_409_otherwise(
    secretary, api_for, matter
) -> None:  # noqa: ANN001
    api = api_for(secretary)
    etag = api.get(f"matters/{matter.pk}")["ETag"]
    refused = api.post(f"matters/{matter.pk}/status", {"to": "closed"}, If_Match=etag)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["code"] == "transition_not_allowed"
    assert problem["message_sv"] == (
        "Ett ärende med status ”Inkommet” kan inte gå till ”Avslutat”."
    )
    assert problem["message_en"] == (
        "A matter with status “Received” cannot move to “Closed”."
    )
    moved = api.post(
        f"matters/{matter.pk}/status", {"to": "in_preparation"}, If_Match=etag
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "in_preparation"
    assert [e["to_status"] for e in moved.json()["events"]] == [
        "received",
        "in_preparation",
    ]


def test_only_handlers_change_a_matter(member, api_for, matter) -> None:  # noqa: ANN001
    api = api_for(member)
    etag = api.get(f"matters/{matter.pk}")["ETag"]
    response = api.patch(f"matters/{matter.pk}", {"title": "X"}, If_Match=etag)
    assert response.status_code == 403
    matter.refresh_from_db()
    assert matter.title == "Samordnad individuell plan"


def test_documents_are_uploaded_checked_and_downloaded(
    secretary, api_for, matter, sample_files
) -> None:  # noqa: ANN001
    api = api_for(secretary)
    refused = api.upload(f"matters/{matter.pk}/documents", "virus.exe", b"MZ")
    assert refused.status_code == 400
    assert refused.json()["code"] == "document_refused"
    assert "EXE" not in refused.json()["message_en"]
    assert refused.json()["message_en"].startswith("The file virus.exe")
    uploaded = api.upload(
        f"matters/{matter.pk}/documents", "pm.pdf", sample_files["pdf"]
    )
    assert uploaded.status_code == 201
    version = uploaded.json()[0]["versions"][0]
    assert version["kind"] == "pdf" and version["size"] == len(sample_files["pdf"])
    download = api.get(version["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == sample_files["pdf"]


def test_lists_page_by_cursor_without_repeats_or_gaps(
    secretary, api_for, persona_body, municipality
) -> None:  # noqa: ANN001
    for n in range(7):
        matters.register_matter(
            body=persona_body,
            title=f"Ärende {n}",
            description="Text",
            raised_by=municipality,
            category="other",
            actor=None,
        )
    api = api_for(secretary)
    seen, cursor = [], None
    for _page in range(5):
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = api.get("matters", **params).json()
        seen += [item["title"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Ärende {n}" for n in reversed(range(7))]
    bad = api.get("matters", cursor="inte-en-markör")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_cursor"


def test_the_list_costs_the_same_queries_for_many_matters(
    secretary, api_for, persona_body, municipality, django_assert_max_num_queries
) -> None:  # noqa: ANN001
    for n in range(30):
        matters.register_matter(
            body=persona_body,
            title=f"Ärende {n}",
            description="Text",
            raised_by=municipality,
            category="other",
            actor=None,
        )
    api = api_for(secretary)
    api.get("me")
    with django_assert_max_num_queries(12):
        response = api.get("matters", limit=30)
    assert len(response.json()["items"]) == 30


def test_the_rate_limit_answers_429_with_retry_after(
    party_contact, api_for, settings
) -> None:  # noqa: ANN001
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW_SECONDS = 60
    api, other = api_for(party_contact), api_for(party_contact)
    assert [api.get("me").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("me")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # The limit is per token.
    assert other.get("me").status_code == 200
