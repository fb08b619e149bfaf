"""Which addresses a crawl may connect to: public ones, and the hosts the user typed."""

from __future__ import annotations

import ipaddress
import socket


def is_public_address(address: str) -> bool:
    """False for private, loopback, link-local, multicast, reserved and unspecified addresses."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str) -> list[str]:
    """The addresses ``host`` resolves to; an IP literal resolves to itself."""
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def refusal(host: str, trusted: frozenset[str]) -> str | None:
    """Why a request to ``host`` is refused, or None when it may go."""
    if host.lower() in trusted:
        return None
    addresses = resolve(host)
    blocked = [a for a in addresses if not is_public_address(a)]
    if blocked:
        return f"{host} resolves to non-public address {blocked[0]}"
    return None
