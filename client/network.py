"""Which node to talk to: an option, else the config file's `network`, else `local`."""
from __future__ import annotations

LOCAL_URL = "http://127.0.0.1:9944"
NAMES = {"local": LOCAL_URL, "localhost": LOCAL_URL}


def resolve(network: str | None = None, configured: str | None = None) -> str:
    """A node URL from `local`, a name or a URL (ws:// is taken as the same host over http://)."""
    choice = (network or configured or "local").strip()
    if choice in NAMES:
        return NAMES[choice]
    if choice.startswith(("ws://", "wss://")):
        choice = "http" + choice[2:]
    if not choice.startswith(("http://", "https://")):
        if ":" in choice and choice.rsplit(":", 1)[1].isdigit():
            return "http://" + choice
        raise ValueError(f"unknown network {choice!r}: use 'local' or a URL such as http://127.0.0.1:9944")
    return choice.rstrip("/")



def connect(network: str | None = None, configured: str | None = None, timeout: float = 30.0):
    """A `client.rpc.Client` for the resolved network (an option, else the configured one, else local)."""
    from client.rpc import Client

    return Client(resolve(network, configured), timeout=timeout)
