"""The transaction pool: per-signer queues by nonce, ready and future, bounded, thread-safe.

An extrinsic is *ready* when its nonce is the signer's next nonce on chain, or directly follows a
ready one in the pool; a *future* one (a nonce gap) waits, at most FUTURE_BOUND nonces ahead.
Stale nonces, duplicates (same hash, or same signer and nonce) and a full pool are refused.
Entries stay in the pool while the producer applies them and leave when their block commits.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from node.extrinsic import Extrinsic

MAX_SIZE = 200_000
FUTURE_BOUND = 256


class Refused(Exception):
    """An extrinsic the pool will not take; `reason` is a sentence for the submitter."""


class Pool:
    def __init__(self, max_size: int = MAX_SIZE, future_bound: int = FUTURE_BOUND) -> None:
        self.max_size = max_size
        self.future_bound = future_bound
        self.lock = threading.RLock()
        self._by_signer: dict[str, dict[int, Extrinsic]] = {}
        self._by_hash: dict[str, Extrinsic] = {}

    def __len__(self) -> int:
        return len(self._by_hash)

    def __contains__(self, ext_hash: str) -> bool:
        return ext_hash in self._by_hash

    def add(self, ext: Extrinsic, chain_nonce: int) -> None:
        """Admit `ext` given the signer's next nonce on chain; raise Refused with the reason."""
        with self.lock:
            if ext.hash in self._by_hash:
                raise Refused("this extrinsic is already in the pool")
            if ext.nonce < chain_nonce:
                raise Refused(f"stale nonce {ext.nonce}: the account's next nonce is {chain_nonce}")
            queue = self._by_signer.setdefault(ext.signer, {})
            if ext.nonce > chain_nonce + self.future_bound and ext.nonce - 1 not in queue:
                ready_end = self.next_nonce(ext.signer, chain_nonce)
                if ext.nonce > ready_end + self.future_bound:
                    raise Refused(f"nonce {ext.nonce} is too far ahead: the next usable nonce is {ready_end} "
                                  f"(a gap of at most {self.future_bound} may wait)")
            if ext.nonce in queue:
                raise Refused(f"an extrinsic from this signer with nonce {ext.nonce} is already in the pool")
            if len(self._by_hash) >= self.max_size:
                raise Refused(f"the pool is full ({self.max_size} extrinsics): retry after the next block")
            queue[ext.nonce] = ext
            self._by_hash[ext.hash] = ext

    def next_nonce(self, signer: str, chain_nonce: int) -> int:
        """The nonce a new extrinsic from `signer` should use (after its ready ones in the pool)."""
        with self.lock:
            queue = self._by_signer.get(signer, {})
            nonce = chain_nonce
            while nonce in queue:
                nonce += 1
            return nonce

    def ready(self, chain_nonce: Callable[[str], int], limit: int) -> list[Extrinsic]:
        """Up to `limit` ready extrinsics, each signer's in nonce order, signers by arrival."""
        out: list[Extrinsic] = []
        with self.lock:
            for signer, queue in self._by_signer.items():
                nonce = chain_nonce(signer)
                while nonce in queue and len(out) < limit:
                    out.append(queue[nonce])
                    nonce += 1
                if len(out) >= limit:
                    break
        return out

    def remove(self, exts: list[Extrinsic]) -> None:
        with self.lock:
            for ext in exts:
                if self._by_hash.pop(ext.hash, None) is None:
                    continue
                queue = self._by_signer.get(ext.signer)
                if queue is not None:
                    queue.pop(ext.nonce, None)
                    if not queue:
                        del self._by_signer[ext.signer]

    def prune(self, signers: set[str], chain_nonce: Callable[[str], int]) -> list[Extrinsic]:
        """Drop the entries of `signers` whose nonce is now stale; return them."""
        stale = []
        with self.lock:
            for signer in signers:
                queue = self._by_signer.get(signer, {})
                nonce = chain_nonce(signer)
                stale.extend(ext for n, ext in queue.items() if n < nonce)
        self.remove(stale)
        return stale

    def pending(self) -> list[Extrinsic]:
        with self.lock:
            return list(self._by_hash.values())
