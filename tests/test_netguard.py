"""The address classifier, unit-tested without connecting anywhere."""

from __future__ import annotations

import pytest

from crawler.netguard import AllowList, is_public_address, refusal


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.0.0.2",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.10",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "not-an-ip",
    ],
)
def test_private_and_reserved_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "93.184.216.34"])
def test_public_addresses_are_public(address: str) -> None:
    assert is_public_address(address)


def test_typed_hosts_are_trusted_and_others_refused() -> None:
    assert refusal("127.0.0.1", frozenset({"127.0.0.1"})) is None
    reason = refusal("127.0.0.2", frozenset({"127.0.0.1"}))
    assert reason is not None and "127.0.0.2" in reason
    assert refusal("169.254.169.254", frozenset()) is not None


def test_allow_list_admits_named_hosts_and_networks_only() -> None:
    allowed = AllowList.parse(["10.20.0.0/16", "Intranet.Example", "192.168.5.7"])
    assert refusal("10.20.3.4", frozenset(), allowed) is None
    assert refusal("192.168.5.7", frozenset(), allowed) is None
    assert refusal("intranet.example", frozenset(), allowed) is None  # by name, before resolving
    assert refusal("10.21.0.1", frozenset(), allowed) is not None
    assert refusal("169.254.169.254", frozenset(), allowed) is not None
    assert refusal("::1", frozenset(), allowed) is not None
