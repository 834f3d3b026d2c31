"""The transaction pool: per-signer queues by nonce, ready and future, bounded, thread-safe.

An extrinsic is *ready* when its nonce is the signer's next nonce on chain, or directly follows a
ready one in the pool; a *future* one (a nonce gap) waits, at most FUTURE_BOUND nonces ahead and
at most MAX_FUTURE_PER_SIGNER per signer. Stale nonces, duplicates (same hash, or same signer and
nonce) are refused. A full pool makes room for a ready extrinsic by evicting a future one (the
lowest tip, then the oldest); a future extrinsic is refused when the pool is full. The chain also
requires that a signer can pay the fees of everything it has queued (`queued_fees`).
Entries stay in the pool while the producer applies them and leave when their block commits.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from node.extrinsic import Extrinsic

MAX_SIZE = 200_000
FUTURE_BOUND = 256  # how far past the signer's next usable nonce a future extrinsic may be
MAX_FUTURE_PER_SIGNER = 64  # future (gapped) extrinsics one signer may keep waiting


class Refused(Exception):
    """An extrinsic the pool will not take; `reason` is a sentence for the submitter."""


class Pool:
    def __init__(self, max_size: int = MAX_SIZE, future_bound: int = FUTURE_BOUND,
                 max_future_per_signer: int = MAX_FUTURE_PER_SIGNER) -> None:
        self.max_size = max_size
        self.future_bound = future_bound
        self.max_future_per_signer = max_future_per_signer
        self.lock = threading.RLock()
        self._by_signer: dict[str, dict[int, Extrinsic]] = {}
        self._by_hash: dict[str, Extrinsic] = {}
        self._fees: dict[str, int] = {}  # per signer: the fees of its queued extrinsics
        self._fee_of: dict[str, int] = {}  # per hash
        self._base: dict[str, int] = {}  # per signer: its next nonce on chain when last seen
        self._future: dict[str, Extrinsic] = {}  # admitted with a nonce gap, oldest first

    def __len__(self) -> int:
        return len(self._by_hash)

    def __contains__(self, ext_hash: str) -> bool:
        return ext_hash in self._by_hash

    def add(self, ext: Extrinsic, chain_nonce: int, fee: int = 0) -> None:
        """Admit `ext` given the signer's next nonce on chain (and its fee, counted in
        `queued_fees`); raise Refused with the reason."""
        with self.lock:
            if ext.hash in self._by_hash:
                raise Refused("this extrinsic is already in the pool")
            if ext.nonce < chain_nonce:
                raise Refused(f"stale nonce {ext.nonce}: the account's next nonce is {chain_nonce}")
            queue = self._by_signer.get(ext.signer, {})
            if ext.nonce in queue:
                raise Refused(f"an extrinsic from this signer with nonce {ext.nonce} is already in the pool")
            self._base[ext.signer] = chain_nonce
            ready_end = self.next_nonce(ext.signer, chain_nonce)
            future = ext.nonce > ready_end
            if future:
                if ext.nonce > ready_end + self.future_bound:
                    raise Refused(f"nonce {ext.nonce} is too far ahead: the next usable nonce is {ready_end} "
                                  f"(a gap of at most {self.future_bound} may wait)")
                waiting = sum(1 for n in queue if n > ready_end)
                if waiting >= self.max_future_per_signer:
                    raise Refused(f"this signer already has {waiting} extrinsics waiting for nonce {ready_end} "
                                  f"(at most {self.max_future_per_signer}): submit nonce {ready_end} first")
            if len(self._by_hash) >= self.max_size and (future or not self._evict_future()):
                raise Refused(f"the pool is full ({self.max_size} extrinsics): retry after the next block")
            self._by_signer.setdefault(ext.signer, {})[ext.nonce] = ext
            self._by_hash[ext.hash] = ext
            self._fee_of[ext.hash] = fee
            self._fees[ext.signer] = self._fees.get(ext.signer, 0) + fee
            if future:
                self._future[ext.hash] = ext

    def queued_fees(self, signer: str) -> int:
        """The fees of `signer`'s extrinsics in the pool (admission requires it can pay them all)."""
        with self.lock:
            return self._fees.get(signer, 0)

    def _evict_future(self) -> bool:
        """Drop one future extrinsic (the lowest tip, then the oldest) to make room; False if none."""
        ready_end: dict[str, int] = {}
        for ext_hash, ext in list(self._future.items()):
            if ext.signer not in ready_end:
                ready_end[ext.signer] = self.next_nonce(ext.signer, self._base.get(ext.signer, 0))
            if ext.nonce <= ready_end[ext.signer]:  # its gap was filled: it is ready now
                del self._future[ext_hash]
        if not self._future:
            return False
        victim = min(self._future.values(), key=lambda e: e.tip)  # min keeps the oldest of equal tips
        self.remove([victim])
        return True

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
                self._future.pop(ext.hash, None)
                left = self._fees.get(ext.signer, 0) - self._fee_of.pop(ext.hash, 0)
                queue = self._by_signer.get(ext.signer)
                if queue is not None:
                    queue.pop(ext.nonce, None)
                    if not queue:
                        del self._by_signer[ext.signer]
                        self._base.pop(ext.signer, None)
                if ext.signer in self._by_signer:
                    self._fees[ext.signer] = left
                else:
                    self._fees.pop(ext.signer, None)

    def prune(self, signers: set[str], chain_nonce: Callable[[str], int]) -> list[Extrinsic]:
        """Drop the entries of `signers` whose nonce is now stale; return them."""
        stale = []
        with self.lock:
            for signer in signers:
                queue = self._by_signer.get(signer, {})
                nonce = chain_nonce(signer)
                if signer in self._base:
                    self._base[signer] = nonce
                stale.extend(ext for n, ext in queue.items() if n < nonce)
        self.remove(stale)
        return stale

    def pending(self, offset: int = 0, limit: int | None = None) -> list[Extrinsic]:
        """The pooled extrinsics in arrival order, `limit` of them from `offset` (all by default)."""
        from itertools import islice

        with self.lock:
            return list(islice(self._by_hash.values(), offset, None if limit is None else offset + limit))
