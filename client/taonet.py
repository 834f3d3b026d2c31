"""The taonet backend: a taonet node over its JSON-RPC (`client.rpc.Client`) plus signing.

Reads pass straight through (`call("taonet_subnets")`); extrinsics are taonet's signed JSON
(`node.extrinsic.sign`), submitted with `taonet_submitAndWait`. See `client.backend` for the interface.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from client.backend import TAONET_ALL
from client.balance import Balance
from client.errors import ClientError, ExtrinsicFailed
from client.extrinsics import AccountInfo, Outcome
from client.network import LOCAL_URL
from client.rpc import READ_TIMEOUT, Client


class TaonetBackend(Client):
    """A taonet node: the read model over JSON-RPC, and taonet's signed extrinsics."""

    kind = "taonet"
    capabilities = TAONET_ALL

    def __init__(self, url: str = LOCAL_URL, timeout: float = READ_TIMEOUT, label: str | None = None) -> None:
        super().__init__(url, timeout)
        self.label = label or self.url
        self._genesis: str | None = None
        self.period: int | None = None  # btcli's --period: sign mortal, includable in the next `period` blocks

    def __enter__(self) -> TaonetBackend:
        return self

    @property
    def genesis_hash(self) -> str:
        if self._genesis is None:
            self._genesis = self.call("chain_getBlockHash", 0)
        return self._genesis

    def account(self, address: str) -> AccountInfo:
        info = self.call("taonet_accountInfo", address)
        return AccountInfo(info["address"], Balance.from_rao(info["free"]), info["nonce"])

    def accounts(self, addresses: list[str]) -> list[AccountInfo]:
        infos = self.call("taonet_accountInfos", addresses)
        return [AccountInfo(i["address"], Balance.from_rao(i["free"]), i["nonce"]) for i in infos]

    def next_nonce(self, address: str) -> int:
        return self.call("system_accountNextIndex", address)

    def sign(self, keypair: Any, call: str, args: dict[str, Any], nonce: int | None = None, tip: int = 0) -> dict[str, Any]:
        """A signed extrinsic from `keypair` (its nonce fetched from the node when not given). A
        taonet node verifies sr25519 signatures on its JSON extrinsics: an ed25519 key is refused here."""
        refuse_ed25519(keypair)
        from node.extrinsic import sign as sign_extrinsic

        from client.proxy import ProxiedKey, prepare

        if isinstance(keypair, ProxiedKey):  # a proxy signs for the real account: checked, then wrapped
            from node.proxy_rules import call_hash

            keypair, call, args = prepare(self, keypair, call, args, call_hash)
        if nonce is None:
            nonce = self.next_nonce(keypair.ss58_address)
        return sign_extrinsic(keypair, call, args, nonce, self.genesis_hash, tip, self.valid_until())

    def valid_until(self) -> int | None:
        """With `period` set, the first block a newly signed extrinsic can no longer be included in:
        head + period + 1 (it can go into any of the next `period` blocks); else None (immortal)."""
        if self.period is None:
            return None
        return int(self.call("chain_getHeader")["number"]) + self.period + 1

    def estimate_fee(self, signer: str, call: str, args: dict[str, Any], tip: int = 0) -> Balance:
        payload = {"call": call, "args": args, "signer": signer, "nonce": self.next_nonce(signer), "tip": tip,
                   "genesis_hash": self.genesis_hash}
        if (valid_until := self.valid_until()) is not None:  # its length is in the fee
            payload["valid_until"] = valid_until
        return Balance.from_rao(self.call("taonet_estimateFee", payload)["fee"])

    def submit(self, extrinsic: Any) -> str:
        """Put a signed extrinsic into the pool; its hash (RpcError with the reason if refused)."""
        return self.call("author_submitExtrinsic", extrinsic)

    def submit_and_wait(self, extrinsic: Any, timeout: float = 60.0, raise_on_failure: bool = True) -> Outcome:
        """Submit and wait for inclusion; the outcome (block, success, error). A failed call or a
        dropped extrinsic raises ExtrinsicFailed unless `raise_on_failure` is False."""
        outcome: Outcome = self.call("taonet_submitAndWait", extrinsic, timeout, timeout=timeout + 10)
        if raise_on_failure:
            raise_failed(outcome, timeout)
        return outcome

    def transfer(self, keypair: Any, dest: str, amount: Balance, keep_alive: bool = True, wait: bool = True) -> Outcome:
        call = "balances.transfer_keep_alive" if keep_alive else "balances.transfer_allow_death"
        ext = self.sign(keypair, call, {"dest": dest, "value": amount.rao})
        return self.submit_and_wait(ext) if wait else {"hash": self.submit(ext), "status": "pool"}

    def extrinsic_events(self, outcome: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The events an included extrinsic emitted (from submit_and_wait's outcome)."""
        events = self.call("taonet_events", outcome["block_number"]) or []
        return [e for e in events if e["extrinsic_index"] == outcome["index"]]

    def commit_hash(self, hotkey: str, netuid: int, uids: list[int], values: list[int], salt: list[int],
                    version_key: int) -> str:
        """The hash a weights commit stores on a taonet node (node.weights_commit: BLAKE2b-256 of canonical JSON)."""
        from node.weights_commit import commit_hash

        return commit_hash(hotkey, netuid, list(uids), list(values), list(salt), version_key)


def refuse_ed25519(keypair: Any) -> None:
    """A ClientError for a key a taonet node's JSON extrinsic cannot carry (ed25519), saying what to do."""
    from wallet.keypair import ED25519

    if getattr(keypair, "crypto_type", None) == ED25519:
        raise ClientError(f"the key {keypair.ss58_address} is ed25519, and a taonet node's own extrinsics are "
                          "sr25519-signed: sign with an sr25519 key, or on the node's Substrate façade "
                          "(--network ws://HOST:PORT), whose MultiSignature takes ed25519 as subtensor's does")


def raise_failed(outcome: Outcome, timeout: float) -> None:
    """ExtrinsicFailed for a dropped, failed or unconfirmed outcome (both backends word it alike)."""
    if outcome.get("status") == "dropped":
        raise ExtrinsicFailed(f"extrinsic dropped: {outcome.get('reason')}", None, outcome)
    if outcome.get("status") == "included" and not outcome.get("success"):
        raise ExtrinsicFailed(f"extrinsic failed in block {outcome['block_number']}: {outcome.get('error')}: "
                              f"{outcome.get('message')} (the fee was paid)", outcome.get("error"), outcome)
    if outcome.get("status") not in ("included",):
        raise ExtrinsicFailed(f"extrinsic {outcome.get('hash')} not included within {timeout:g}s "
                              f"(status {outcome.get('status')})", None, outcome)
