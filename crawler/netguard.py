"""Which addresses a crawl may connect to: public ones, the hosts the user typed, and the hosts or
networks allow-listed in the settings (``SAFECITY_ALLOW_HOSTS``)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


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


@dataclass(frozen=True)
class AllowList:
    """Hosts (by name) and networks (CIDR) a crawl may reach although they are not public."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = field(default=())

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        """``entries`` are host names, IP addresses or networks such as ``10.20.0.0/16``."""
        hosts: set[str] = set()
        networks: list[Network] = []
        for entry in (e.strip().lower() for e in entries):
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                if entry:
                    hosts.add(entry)
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        return any(ip in network for network in self.networks)


def refusal(host: str, trusted: frozenset[str], allowed: AllowList | None = None) -> str | None:
    """Why a request to ``host`` is refused, or None when it may go."""
    host = host.lower()
    if host in trusted or (allowed is not None and host in allowed.hosts):
        return None
    addresses = resolve(host)
    blocked = [
        a
        for a in addresses
        if not is_public_address(a) and not (allowed is not None and allowed.allows(a))
    ]
    if blocked:
        return f"{host} resolves to non-public address {blocked[0]}"
    return None
