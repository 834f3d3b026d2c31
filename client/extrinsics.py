"""Build, sign, submit and wait for extrinsics; fee estimates; account reads."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from client.balance import Balance
from client.errors import ExtrinsicFailed
from client.rpc import Client
from node.extrinsic import sign as sign_extrinsic


@dataclass(frozen=True)
class AccountInfo:
    address: str
    free: Balance
    nonce: int


class Outcome(TypedDict, total=False):
    """What became of a submitted extrinsic (taonet_submitAndWait): `status` is "included" (with
    the block, its index there, `success` and the call's `error`/`message` when it failed),
    "dropped" (with the `reason`), "pending" or "unknown" after the wait, or "pool" when not waited for."""

    hash: str
    status: str
    block_number: int
    block_hash: str
    index: int
    success: bool
    error: str | None
    message: str | None
    reason: str


class Chain:
    """A node seen through its RPC: the genesis hash (cached) and typed helpers."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self._genesis: str | None = None

    @property
    def genesis_hash(self) -> str:
        if self._genesis is None:
            self._genesis = self.client.call("chain_getBlockHash", 0)
        return self._genesis

    def account(self, address: str) -> AccountInfo:
        info = self.client.call("taonet_accountInfo", address)
        return AccountInfo(info["address"], Balance.from_rao(info["free"]), info["nonce"])

    def accounts(self, addresses: list[str]) -> list[AccountInfo]:
        infos = self.client.call("taonet_accountInfos", addresses)
        return [AccountInfo(i["address"], Balance.from_rao(i["free"]), i["nonce"]) for i in infos]

    def next_nonce(self, address: str) -> int:
        return self.client.call("system_accountNextIndex", address)

    def sign(self, keypair: Any, call: str, args: dict[str, Any], nonce: int | None = None, tip: int = 0) -> dict[str, Any]:
        """A signed extrinsic from `keypair` (its nonce fetched from the node when not given)."""
        if nonce is None:
            nonce = self.next_nonce(keypair.ss58_address)
        return sign_extrinsic(keypair, call, args, nonce, self.genesis_hash, tip)

    def estimate_fee(self, signer: str, call: str, args: dict[str, Any], tip: int = 0) -> Balance:
        payload = {"call": call, "args": args, "signer": signer, "nonce": self.next_nonce(signer), "tip": tip,
                   "genesis_hash": self.genesis_hash}
        return Balance.from_rao(self.client.call("taonet_estimateFee", payload)["fee"])

    def submit(self, extrinsic: dict[str, Any]) -> str:
        """Put a signed extrinsic into the pool; its hash (RpcError with the reason if refused)."""
        return self.client.call("author_submitExtrinsic", extrinsic)

    def submit_and_wait(self, extrinsic: dict[str, Any], timeout: float = 60.0, raise_on_failure: bool = True) -> Outcome:
        """Submit and wait for inclusion; the outcome (block, success, error). A failed call or a
        dropped extrinsic raises ExtrinsicFailed unless `raise_on_failure` is False."""
        outcome: Outcome = self.client.call("taonet_submitAndWait", extrinsic, timeout, timeout=timeout + 10)
        if raise_on_failure:
            if outcome.get("status") == "dropped":
                raise ExtrinsicFailed(f"extrinsic dropped: {outcome.get('reason')}", None, outcome)
            if outcome.get("status") == "included" and not outcome.get("success"):
                raise ExtrinsicFailed(f"extrinsic failed in block {outcome['block_number']}: {outcome.get('error')}: "
                                      f"{outcome.get('message')} (the fee was paid)", outcome.get("error"), outcome)
            if outcome.get("status") not in ("included",):
                raise ExtrinsicFailed(f"extrinsic {outcome.get('hash')} not included within {timeout:g}s "
                                      f"(status {outcome.get('status')})", None, outcome)
        return outcome

    def transfer(self, keypair: Any, dest: str, amount: Balance, keep_alive: bool = True, wait: bool = True) -> Outcome:
        call = "balances.transfer_keep_alive" if keep_alive else "balances.transfer_allow_death"
        ext = self.sign(keypair, call, {"dest": dest, "value": amount.rao})
        return self.submit_and_wait(ext) if wait else {"hash": self.submit(ext), "status": "pool"}
