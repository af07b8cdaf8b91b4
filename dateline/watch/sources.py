"""What ``dateline watch`` may fetch: the sources a user names, and which URLs are allowed.

Only http(s) is fetched. A host that resolves to a private, loopback, link-local or otherwise
non-public address is refused unless the user allows it, so a feed cannot point the watcher at
the machine's own network.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from dateline.errors import Errors, config_error

Resolve = Callable[[str], list[str]]
_SCHEMES = ("http", "https")
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def read_sources(names: Sequence[str]) -> list[str]:
    """The URLs the user named: each a URL, or a local file listing one per line (blank lines
    and lines starting with ``#`` skipped); kept in order, each once. A name that is neither,
    or a URL that is not http(s), is a configuration error (E009)."""
    found: list[str] = []
    for name in names:
        listed = _listed(name) if "://" not in name and Path(name).is_file() else [name]
        for url in listed:
            check_scheme(url)
            if url not in found:
                found.append(url)
    if not found:
        raise config_error(Errors.E009, source=" ".join(names), detail="no URL to watch")
    return found


def _listed(name: str) -> list[str]:
    lines = Path(name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def check_scheme(url: str) -> None:
    """Raise E009 unless ``url`` is an absolute http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        detail = "only http:// and https:// URLs are watched (no file:, no paths)"
        raise config_error(Errors.E009, source=url, detail=detail)


def blocked_reason(url: str, *, allow_private: bool, resolve: Resolve | None = None) -> str:
    """Why ``url`` may not be fetched, or ``""`` when it may: not http(s), no host, a host that
    does not resolve, or one that resolves to a non-public address (unless ``allow_private``)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        return f"not an http(s) URL: {url[:200]!r}"
    if allow_private:
        return ""
    try:
        addresses = (resolve or _resolve)(parts.hostname)
    except OSError as err:
        return f"the host {parts.hostname!r} does not resolve: {err}"
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            return (
                f"the host {parts.hostname!r} is a private or local address ({ip}); "
                "--allow-private fetches it"
            )
    return ""


def _resolve(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})


def parse_every(text: str) -> float:
    """Seconds in a schedule such as ``15m``, ``90s``, ``1h``, ``1d`` (a bare number is
    seconds); at least one second. Anything else is E004."""
    match = _EVERY.match(text)
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)] if match else 0.0
    if seconds < 1:
        raise config_error(Errors.E004, detail=f"every={text!r}: give a period such as 15m, 1h")
    return seconds
