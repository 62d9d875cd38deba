"""Addresses and methods django-ninja has no operation for answer in the error format."""

import pytest


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/arenden", "/api/v1/matters/"])
def test_an_unknown_address_answers_404_as_a_problem_in_both_languages(
    party_contact, api_for, path
) -> None:  # noqa: ANN001
    api = api_for(party_contact)
    response = api.client.get(path, headers=api.headers)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "not_found" and problem["status"] == 404
    assert "/api/v1/docs" in problem["message_sv"]
    assert problem["message_en"] == (
        "There is no such address in the API. The operations are listed at "
        "/api/v1/docs."
    )
    assert problem["fields"] == []


def test_a_method_an_address_does_not_take_answers_405_naming_the_allowed_ones(
    party_contact, api_for
) -> None:  # noqa: ANN001
    api = api_for(party_contact)
    response = api.client.delete("/api/v1/matters", headers=api.headers)
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/problem+json")
    allowed = set(response["Allow"].replace(" ", "").split(","))
    assert allowed == {"GET", "POST"}
    problem = response.json()
    assert problem["code"] == "method_not_allowed"
    assert problem["message_sv"].startswith("Metoden DELETE går inte här.")
    assert problem["message_en"].startswith("The method DELETE is not allowed here.")
