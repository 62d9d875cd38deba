import pytest

from samverkan.audit.services import client_ip


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("192.0.2.1", "", "192.0.2.1"),
        # A client's own header is not believed.
        ("192.0.2.1", "198.51.100.9", "192.0.2.1"),
        # The proxy's is: the nearest hop that is not a proxy.
        ("127.0.0.1", "198.51.100.9", "198.51.100.9"),
        ("127.0.0.1", "10.9.9.9, 198.51.100.9", "198.51.100.9"),
        ("127.0.0.1", "198.51.100.9, 127.0.0.1", "198.51.100.9"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_the_proxy(
    rf, remote, forwarded, expected
) -> None:  # noqa: ANN001
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(rf.get("/", **meta)) == expected
