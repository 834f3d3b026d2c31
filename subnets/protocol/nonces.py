"""A bounded replay store for request nonces, with a freshness window both ways.

Fixes the real axon's weaknesses (axon-protocol §6.4, §10): an unbounded in-memory dict, a window
that depends on unsigned headers (`version`, `timeout`), no bound on future nonces, and replays that
work again after a restart.

Rules, for a nonce in nanoseconds since the epoch:
- it must lie in `[now − past_s, now + future_s]` (10 s and 2 s by default, as btauth/1);
- each `(hotkey, nonce)` pair is accepted once;
- the store holds at most `max_entries` pairs. Pairs that have left the window are dropped (the
  window refuses them anyway); if the store is still full, the oldest pair is dropped and its nonce
  becomes a floor below which everything is refused, so eviction can never re-open a replay.

Restarts. With a `path`, every accepted pair is appended to that file (flushed, not fsynced) and
the pairs still inside the window are reloaded on start, so a captured request cannot be replayed
against a restarted axon. Without a path the store refuses every nonce older than its own start:
whatever an earlier process accepted is older than that. The cost is that requests signed up to
`past_s` before a restart are refused once, which a dendrite simply retries with a fresh nonce.
"""
from __future__ import annotations

import heapq
import os
import threading
import time
from pathlib import Path
from typing import Callable


class NonceError(ValueError):
    """A nonce outside the window, below the floor, or already used (answered 401)."""


class NonceStore:
    def __init__(self, *, past_s: float = 10.0, future_s: float = 2.0, max_entries: int = 200_000,
                 path: str | Path | None = None, clock: Callable[[], int] = time.time_ns) -> None:
        self.past_ns = int(past_s * 1e9)
        self.future_ns = int(future_s * 1e9)
        self.max_entries = max_entries
        self._clock = clock
        self._seen: set[tuple[str, int]] = set()
        self._heap: list[tuple[int, str]] = []
        self._lock = threading.Lock()
        self._file = None
        self._appended = 0
        self.path = Path(path) if path is not None else None
        if self.path is None:
            self.floor_ns = clock()
        else:
            self.floor_ns = 0
            self._load()

    def __len__(self) -> int:
        return len(self._seen)

    def check_window(self, nonce: int) -> None:
        """Refuse a nonce that is stale, from the future, or below the floor (no state change)."""
        now = self._clock()
        if nonce < now - self.past_ns:
            raise NonceError("nonce is too old")
        if nonce > now + self.future_ns:
            raise NonceError("nonce is in the future")
        if nonce < self.floor_ns:
            raise NonceError("nonce predates this axon's replay memory")

    def accept(self, hotkey: str, nonce: int) -> None:
        """Record `(hotkey, nonce)` once; raise `NonceError` for a replay or a nonce out of window."""
        with self._lock:
            self.check_window(nonce)
            key = (hotkey, nonce)
            if key in self._seen:
                raise NonceError("nonce already used")
            self._seen.add(key)
            heapq.heappush(self._heap, (nonce, hotkey))
            self._write(hotkey, nonce)
            if len(self._seen) > self.max_entries:
                self._shrink()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    # -- bounds --------------------------------------------------------------------------------
    def _shrink(self) -> None:
        cutoff = self._clock() - self.past_ns
        while self._heap and (self._heap[0][0] < cutoff or len(self._seen) > self.max_entries):
            nonce, hotkey = heapq.heappop(self._heap)
            self._seen.discard((hotkey, nonce))
            if nonce >= cutoff:
                self.floor_ns = max(self.floor_ns, nonce + 1)
        if self._file is not None and self._appended > 2 * self.max_entries:
            self._rewrite()

    # -- persistence ---------------------------------------------------------------------------
    def _load(self) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        cutoff = self._clock() - self.past_ns
        if self.path.exists():
            for line in self.path.read_text(encoding="ascii", errors="replace").splitlines():
                parts = line.split(" ")
                if len(parts) == 2 and parts[0].isdigit() and int(parts[0]) >= cutoff:
                    key = (parts[1], int(parts[0]))
                    if key not in self._seen:
                        self._seen.add(key)
                        heapq.heappush(self._heap, (key[1], key[0]))
        while len(self._seen) > self.max_entries:
            nonce, hotkey = heapq.heappop(self._heap)
            self._seen.discard((hotkey, nonce))
            self.floor_ns = max(self.floor_ns, nonce + 1)
        self._rewrite()

    def _rewrite(self) -> None:
        assert self.path is not None
        if self._file is not None:
            self._file.close()
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", encoding="ascii") as out:
            for nonce, hotkey in sorted(self._heap):
                out.write(f"{nonce} {hotkey}\n")
        os.replace(tmp, self.path)
        self._file = open(self.path, "a", encoding="ascii")
        self._appended = len(self._heap)

    def _write(self, hotkey: str, nonce: int) -> None:
        if self._file is not None:
            self._file.write(f"{nonce} {hotkey}\n")
            self._file.flush()
            self._appended += 1
