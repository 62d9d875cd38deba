"""Tokens for the personas and a client that speaks to /api/v1/ with one."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from samverkan.api import services


class ApiClient:
    """Django's test client with a bearer token and JSON bodies."""

    def __init__(self, secret: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"}

    def _url(self, path: str) -> str:
        path = path.removeprefix("http://testserver")
        return path if path.startswith("/") else f"/api/v1/{path}"

    def get(self, path: str, **params: Any):  # noqa: ANN201
        return self.client.get(self._url(path), params, headers=self.headers)

    def send(self, method: str, path: str, data: Any = None, **headers: str):  # noqa: ANN201
        return getattr(self.client, method)(
            self._url(path),
            data,
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def post(self, path: str, data: Any = None, **headers: str):  # noqa: ANN201
        return self.send("post", path, data, **headers)

    def patch(self, path: str, data: Any = None, **headers: str):  # noqa: ANN201
        return self.send("patch", path, data, **headers)

    def upload(self, path: str, filename: str, content: bytes):  # noqa: ANN201
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(
            self._url(path),
            {"file": SimpleUploadedFile(filename, content)},
            headers=self.headers,
        )


@pytest.fixture
def api_for(db) -> Callable[..., ApiClient]:  # noqa: ANN001
    """Return an API client acting as `user` with a token of `scope`."""

    def make(user, scope: str = "write") -> ApiClient:  # noqa: ANN001
        _token, secret = services.create_token(user=user, name="Test", scope=scope)
        return ApiClient(secret)

    return make


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    """Token ids repeat between tests; so would their counts in the cache."""
    from django.core.cache import cache

    cache.clear()
