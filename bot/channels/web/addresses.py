"""Who is asking: the client's address (through trusted reverse proxies only) and the keys the
limits count by.

Behind a TLS reverse proxy every connection comes from the proxy, so every visitor would share one
rate limit. When the connection comes from a network listed in ``CYBERGUIDE_TRUSTED_PROXIES``, the
client is the right-most ``X-Forwarded-For`` address that is not itself a trusted proxy (each proxy
appends the address it saw; anything to the left of that was written by the client and may be
forged). From anyone else, ``X-Forwarded-For`` is ignored.

Limits count by a key: one IPv4 address, or one IPv6 /64 (a single home or phone is usually given a
whole /64, so counting its addresses one by one would give one person thousands of limits). Open
sessions are also capped per network: an IPv4 /24 or an IPv6 /64.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

UNKNOWN = "unknown"
IPV4_NETWORK_BITS = 24
IPV6_NETWORK_BITS = 64


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """The networks of ``CYBERGUIDE_TRUSTED_PROXIES`` (already checked by the settings)."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def parse(text: str | None) -> Address | None:
    """An address, with IPv4-mapped IPv6 (``::ffff:1.2.3.4``) read as IPv4; None if not an address."""
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)


def client_address(peer: str | None, forwarded_for: Iterable[str], trusted: tuple[Network, ...]) -> str | None:
    """The client's address: the peer's, or (from a trusted proxy) the right-most untrusted forwarded hop."""
    address = parse(peer)
    if address is None or not _trusted(address, trusted):
        return str(address) if address is not None else peer
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    for hop in reversed(hops):
        forwarded = parse(hop)
        if forwarded is None:
            break  # unreadable: keep the last address a trusted proxy vouched for
        address = forwarded
        if not _trusted(address, trusted):
            break
    return str(address)


def limit_key(address: str | None) -> str:
    """What per-address limits count by: an IPv4 address or an IPv6 /64."""
    parsed = parse(address)
    if parsed is None:
        return UNKNOWN
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_BITS}", strict=False))
    return str(parsed)


def network_key(address: str | None) -> str:
    """What the per-network session cap counts by: an IPv4 /24 or an IPv6 /64."""
    parsed = parse(address)
    if parsed is None:
        return UNKNOWN
    bits = IPV6_NETWORK_BITS if parsed.version == 6 else IPV4_NETWORK_BITS
    return str(ipaddress.ip_network(f"{parsed}/{bits}", strict=False))
