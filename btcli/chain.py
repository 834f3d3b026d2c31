"""The CLI's connection to a chain: which node (`connect`), the signing key (`unlock`), and one
signed call submitted and waited for (`submit`). Every signed command goes through these three, so
what a submission does (unlock once, sign, submit, report the outcome from the chain's events) is
written once. Imports stay inside the functions: command modules import this at start-up.
"""
from __future__ import annotations

from typing import Any

from client.balance import RAO_PER_TAO


def connect(network: str | None) -> Any:
    """A client for `--network` (or the configured network, or the local node)."""
    from btcli import config
    from client.network import connect as open_client

    return open_client(network, config.get("network"))


def tao(rao: int | None) -> float | None:
    """rao → TAO for display (None stays None)."""
    return None if rao is None else rao / RAO_PER_TAO


def unlock(w: Any, use_keyring: bool | None) -> Any:
    """The wallet's coldkey pair, decrypted (a spinner while the key is derived), checked against
    coldkeypub.txt."""
    from btcli import output
    from btcli.commands.wallet import password_source
    from btcli.errors import CliError

    with output.status("Unlocking the coldkey…"):
        pair = w.coldkey(password_source(use_keyring))
    if pair.ss58_address != w.coldkeypub().ss58_address:
        raise CliError(f"the coldkey ({pair.ss58_address}) does not match coldkeypub.txt")
    return pair


def submit(chain: Any, pair: Any, call: str, args: dict) -> dict[str, Any]:
    """Sign, submit, wait; {success, block_number, error, message, events} (never raises on a failed call)."""
    from client.subnets import extrinsic_events

    outcome = chain.submit_and_wait(chain.sign(pair, call, args), raise_on_failure=False)
    if outcome.get("status") != "included":
        return {"success": False, "error": outcome.get("status"), "message": outcome.get("reason", "not included"),
                "events": []}
    events = extrinsic_events(chain.client, outcome)
    return {"success": bool(outcome.get("success")), "block_number": outcome["block_number"], "hash": outcome["hash"],
            "error": outcome.get("error"), "message": outcome.get("message"), "events": events}
