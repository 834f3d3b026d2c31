"""`SubtensorBackend`: `client.backend.Backend` for a real subtensor node.

Reads: `call(method, *params)` answers the read model (`client.subtensor.reads`) from the
runtime's APIs and storage. Signing: taonet's neutral calls become the runtime's pallet calls
(`calls`), signed as SCALE v4 extrinsics with a mortal era (`signing`), submitted with
`author_submitAndWatchExtrinsic`; a failure becomes the pallet's error name and doc (`errors`).
What only a taonet node has (hosting, history, the node's folder) is not in `capabilities`.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from client.backend import SUBTENSOR_ALL
from client.balance import Balance
from client.errors import ClientError
from client.extrinsics import AccountInfo, Outcome

if TYPE_CHECKING:
    from client.heads import Head


class SubtensorBackend:
    """A subtensor endpoint (ws:// or wss://), connected on construction within `deadline` seconds."""

    kind = "subtensor"
    capabilities = SUBTENSOR_ALL

    def __init__(self, url: str, label: str | None = None, deadline: float = 30.0, disk_cache: bool = True) -> None:
        from client.subtensor.connection import Substrate

        self.url = url
        self.label = label or url
        self.deadline = deadline
        self.conn = Substrate(url, deadline=deadline, disk_cache=disk_cache)
        self.period: int | None = None  # btcli's --period: the mortal era's length (None: signing.PERIOD, 16)

    def __enter__(self) -> SubtensorBackend:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- the read model ------------------------------------------------------------------------
    def call(self, method: str, *params: Any, timeout: float | None = None) -> Any:
        from client.subtensor.reads import read

        return read(self.conn, method, list(params))

    def batch(self, calls: list[tuple[str, list[Any]]], raise_errors: bool = False) -> list[Any]:
        out: list[Any] = []
        for method, params in calls:
            try:
                out.append(self.call(method, *params))
            except ClientError as exc:
                if raise_errors:
                    raise
                out.append(exc)
        return out

    def wait_ready(self, timeout: float = 10.0) -> None:
        self.conn.head()

    def new_heads(self, timeout: float = 30.0, *, keepalives: bool = False) -> Iterator[Head | None]:
        """Headers as the chain makes them (`chain_subscribeNewHeads` on a connection of its own);
        with `keepalives`, None about once a second while no block comes."""
        from client.subtensor.heads import new_heads

        yield from new_heads(self.url, timeout, keepalives=keepalives)

    # -- signing -------------------------------------------------------------------------------
    @property
    def genesis_hash(self) -> str:
        return self.conn.genesis_hash

    def account(self, address: str) -> AccountInfo:
        return self.accounts([address])[0]

    def accounts(self, addresses: list[str]) -> list[AccountInfo]:
        infos = self.call("taonet_accountInfos", addresses)
        return [AccountInfo(i["address"], Balance.from_rao(i["free"]), i["nonce"]) for i in infos]

    def next_nonce(self, address: str) -> int:
        return int(self.conn.rpc("account_nextIndex", [address]))

    def sign(self, keypair: Any, call: str, args: dict[str, Any], nonce: int | None = None, tip: int = 0) -> str:
        """A signed SCALE extrinsic (0x-hex) of the neutral `call`, mortal, from `keypair`."""
        from client.proxy import ProxiedKey, prepare
        from client.subtensor import signing

        if isinstance(keypair, ProxiedKey):  # a proxy signs for the real account: checked, then wrapped
            keypair, call, args = prepare(self, keypair, call, args, self._call_hash)
        if nonce is None:
            nonce = self.next_nonce(keypair.ss58_address)
        return signing.sign(self.conn, keypair, call, args, nonce, tip, self.period or signing.PERIOD)

    def _call_hash(self, call: str, args: dict[str, Any]) -> str:
        """The chain's hash of an announced call: blake2-256 of its SCALE bytes."""
        from hashlib import blake2b

        from client.subtensor.calls import call_bytes, runtime_of

        return "0x" + blake2b(call_bytes(runtime_of(self.conn), call, args), digest_size=32).hexdigest()

    def estimate_fee(self, signer: str, call: str, args: dict[str, Any], tip: int = 0) -> Balance:
        from client.subtensor import signing

        return Balance.from_rao(signing.estimate_fee(self.conn, signer, call, args, tip))

    def submit(self, extrinsic: Any) -> str:
        return str(self.conn.rpc("author_submitExtrinsic", [extrinsic]))

    def submit_and_wait(self, extrinsic: Any, timeout: float = 60.0, raise_on_failure: bool = True) -> Outcome:
        from client.subtensor import signing
        from client.taonet import raise_failed

        outcome = signing.submit_and_wait(self.conn, extrinsic, timeout)
        if raise_on_failure:
            raise_failed(outcome, timeout)
        return outcome

    def extrinsic_events(self, outcome: Mapping[str, Any]) -> list[dict[str, Any]]:
        from client.subtensor import calls, errors, events, signing

        runtime = calls.runtime_of(self.conn)
        return events.normalize(signing.extrinsic_events(self.conn, outcome),
                                lambda error: errors.describe(runtime, error))

    def commit_hash(self, hotkey: str, netuid: int, uids: list[int], values: list[int], salt: list[int],
                    version_key: int) -> str:
        from client.subtensor import calls

        return calls.commit_hash(self.conn, hotkey, netuid, uids, values, salt, version_key)
