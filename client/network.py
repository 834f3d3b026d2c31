"""Which node to talk to, and whether this version of taonet can talk to it.

The choice, first found wins: the `--network` option, then the `BT_SUBTENSOR_NETWORK` variable
(the bittensor SDK 10.x's name), then `BT_NETWORK` (its older name), then the config file's
`network`, then `local`. The real btcli's names mean what they mean there: `finney`, `test` and
`archive` are the real Bittensor chain's public endpoints, `local` is a node on 127.0.0.1:9944.

Each choice picks a backend (`client.backend`): `local`, `http(s)://` URLs and `host:port` are
taonet nodes (`client.taonet.TaonetBackend`, taonet's JSON-RPC over HTTP); `finney`, `test`,
`archive` and any `ws(s)://` URL are subtensor nodes (`client.subtensor.SubtensorBackend`, Substrate
JSON-RPC over a WebSocket). Anything else is refused in one line (`UnknownNetwork`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from client.backend import Backend

LOCAL_URL = "http://127.0.0.1:9944"
ENV_VARS = ("BT_SUBTENSOR_NETWORK", "BT_NETWORK")
"""Where the bittensor tools read a network from the environment, in the order taonet reads them."""

SUBTENSOR_ENDPOINTS: dict[str, str] = {
    "finney": "wss://entrypoint-finney.opentensor.ai:443",
    "test": "wss://test.finney.opentensor.ai:443",
    "archive": "wss://archive.chain.opentensor.ai:443",
}
"""The real btcli's network names for the real Bittensor chain, and their endpoints."""

TAONET_NAMES: dict[str, str] = {"local": LOCAL_URL, "localhost": LOCAL_URL}


class UnknownNetwork(ValueError):
    """Neither a known network name nor a URL."""


@dataclass(frozen=True)
class Network:
    """A resolved choice: `name` as the user knows it, the node's `url`, and where it came from."""

    name: str
    url: str
    source: str  # "option", an environment variable's name, "config" or "default"
    kind: str = "taonet"  # the backend: "taonet" or "subtensor"


def choose(network: str | None = None, configured: str | None = None) -> tuple[str, str]:
    """The raw choice and its source: the option, else BT_SUBTENSOR_NETWORK / BT_NETWORK, else the
    configured value, else `local`."""
    if network and network.strip():
        return network.strip(), "option"
    for var in ENV_VARS:
        value = os.environ.get(var, "").strip()
        if value:
            return value, var
    if configured and configured.strip():
        return configured.strip(), "config"
    return "local", "default"


def classify(choice: str) -> tuple[str, str]:
    """The backend kind ("taonet" or "subtensor") and URL for `choice`, or UnknownNetwork (one line)."""
    key = choice.strip()
    if key.lower() in TAONET_NAMES:
        return "taonet", TAONET_NAMES[key.lower()]
    if key.lower() in SUBTENSOR_ENDPOINTS:
        return "subtensor", SUBTENSOR_ENDPOINTS[key.lower()]
    if key.lower().startswith(("ws://", "wss://")):
        return "subtensor", key.rstrip("/")
    if key.lower().startswith(("http://", "https://")):
        return "taonet", key.rstrip("/")
    host, _, port = key.rpartition(":")
    if host and port.isdigit() and "/" not in key:
        return "taonet", "http://" + key
    raise UnknownNetwork(f"unknown network {key!r}: use 'local', a taonet node's URL such as {LOCAL_URL}, "
                         f"a subtensor endpoint (ws:// or wss://), or one of the real btcli's names "
                         f"({', '.join(SUBTENSOR_ENDPOINTS)})")


def resolve_network(network: str | None = None, configured: str | None = None) -> Network:
    """The network to use (see the module docstring for the order), checked."""
    choice, source = choose(network, configured)
    try:
        kind, url = classify(choice)
    except UnknownNetwork as exc:
        if source in ENV_VARS:
            raise UnknownNetwork(f"{exc} (from ${source})") from None
        raise
    known = {endpoint: name for name, endpoint in SUBTENSOR_ENDPOINTS.items()}
    return Network(known.get(url, choice), url, source, kind)


def resolve(network: str | None = None, configured: str | None = None) -> str:
    """The node URL for an option, else the environment, else the configured value, else local."""
    return resolve_network(network, configured).url


def open_backend(net: Network, timeout: float = 30.0, disk_cache: bool = True) -> Backend:
    """A connected backend for a resolved network (a subtensor one connects at once, within `timeout`;
    `disk_cache` False: it fetches the runtime metadata instead of reading its copy on disk)."""
    if net.kind == "subtensor":
        from client.subtensor.backend import SubtensorBackend

        return SubtensorBackend(net.url, label=net.name, deadline=timeout, disk_cache=disk_cache)
    from client.taonet import TaonetBackend

    return TaonetBackend(net.url, timeout=timeout, label=net.name if net.name != net.url else None)


def connect(network: str | None = None, configured: str | None = None, timeout: float = 30.0,
            disk_cache: bool = True) -> Backend:
    """The backend for the resolved network (see `client.backend`)."""
    return open_backend(resolve_network(network, configured), timeout, disk_cache)
