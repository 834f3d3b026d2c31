"""Which node to talk to, and whether this version of taonet can talk to it.

The choice, first found wins: the `--network` option, then the `BT_SUBTENSOR_NETWORK` variable
(the bittensor SDK 10.x's name), then `BT_NETWORK` (its older name), then the config file's
`network`, then `local`. The real btcli's names mean what they mean there: `finney`, `test` and
`archive` are the real Bittensor chain's public endpoints, `local` is a node on 127.0.0.1:9944.

taonet speaks its own JSON-RPC over HTTP, so `local` and `http(s)://` URLs (or `host:port`) are
taonet nodes; a subtensor endpoint (finney, test, archive or any `ws(s)://` URL) is named and
refused in one line (`SubtensorEndpoint`) rather than spoken to in a protocol it does not know.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from client.rpc import Client

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


class SubtensorEndpoint(ValueError):
    """A real-chain (subtensor) endpoint, which this version of taonet cannot speak to."""

    def __init__(self, name: str, endpoint: str) -> None:
        self.name, self.endpoint = name, endpoint
        label = f"{name} ({endpoint})" if name != endpoint else endpoint
        super().__init__(
            f"network {label} is a subtensor (real Bittensor chain) endpoint: this version of taonet speaks only "
            f"to taonet nodes; use --network local or a taonet node's http:// URL such as {LOCAL_URL}")


@dataclass(frozen=True)
class Network:
    """A resolved choice: `name` as the user knows it, the node's `url`, and where it came from."""

    name: str
    url: str
    source: str  # "option", an environment variable's name, "config" or "default"


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


def classify(choice: str) -> str:
    """A taonet node URL for `choice`, or SubtensorEndpoint / UnknownNetwork (each one line)."""
    key = choice.strip()
    if key.lower() in TAONET_NAMES:
        return TAONET_NAMES[key.lower()]
    if key.lower() in SUBTENSOR_ENDPOINTS:
        raise SubtensorEndpoint(key.lower(), SUBTENSOR_ENDPOINTS[key.lower()])
    if key.lower().startswith(("ws://", "wss://")):
        known = {url.rstrip("/"): name for name, url in SUBTENSOR_ENDPOINTS.items()}
        raise SubtensorEndpoint(known.get(key.rstrip("/"), key), key)
    if key.lower().startswith(("http://", "https://")):
        return key.rstrip("/")
    host, _, port = key.rpartition(":")
    if host and port.isdigit() and "/" not in key:
        return "http://" + key
    raise UnknownNetwork(f"unknown network {key!r}: use 'local', a taonet node's URL such as {LOCAL_URL}, "
                         f"or one of the real btcli's names ({', '.join(SUBTENSOR_ENDPOINTS)})")


def resolve_network(network: str | None = None, configured: str | None = None) -> Network:
    """The network to use (see the module docstring for the order), checked."""
    choice, source = choose(network, configured)
    try:
        url = classify(choice)
    except UnknownNetwork as exc:
        if source in ENV_VARS:
            raise UnknownNetwork(f"{exc} (from ${source})") from None
        raise
    except SubtensorEndpoint as exc:
        if source in ENV_VARS:
            exc.args = (f"{exc.args[0]} (from ${source})",)
        raise
    return Network(choice, url, source)


def resolve(network: str | None = None, configured: str | None = None) -> str:
    """The taonet node URL for an option, else the environment, else the configured value, else local."""
    return resolve_network(network, configured).url


def connect(network: str | None = None, configured: str | None = None, timeout: float = 30.0) -> Client:
    """A `client.rpc.Client` for the resolved network."""
    from client.rpc import Client

    return Client(resolve(network, configured), timeout=timeout)
