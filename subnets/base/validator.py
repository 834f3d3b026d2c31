"""The validator: rounds of challenge → query the miners → score → moving average → weights.

A subnet's validator writes `challenge()` (the synapse to send) and `score(challenge, answers)`
(one number in [0, 1] per answer; a failed query is an answer with `ok=False`). The base class
does the rest: queries every serving miner with the Dendrite (btauth; each call bounded in time
and bytes, so a hostile miner costs at most the timeout), keeps an exponential moving average per
uid, and sets weights on chain when `weights_rate_limit` (and the option `weights_interval`,
in blocks) allow, by commit-reveal when the subnet has `commit_reveal_weights_enabled`.
Weights go through `client.weights` (issue 5); without it, or on a node that does not know the
call yet, the validator logs a warning once and keeps scoring.

Options: round_interval (s, 5), timeout (s per query, 5), sample_size (0 = every miner),
alpha (moving-average weight of a new score, 0.1), weights_interval (blocks, 0).
"""
from __future__ import annotations

import asyncio
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any, Sequence

from subnets.base.neuron import Neuron


@dataclass
class Answer:
    """One miner's answer to a challenge: its synapse when `ok`, else the failure."""

    uid: int
    hotkey: str
    ok: bool
    status_code: int
    message: str
    latency_s: float
    synapse: Any = None


class Validator(Neuron):
    role = "validator"

    def challenge(self) -> Any:
        raise NotImplementedError("a validator implements challenge() -> synapse")

    def score(self, challenge: Any, answers: Sequence[Answer]) -> Sequence[float]:
        raise NotImplementedError("a validator implements score(challenge, answers) -> [score per answer]")

    # -- machinery -----------------------------------------------------------------------------
    def setup(self) -> None:
        from subnets.protocol.dendrite import Dendrite

        self.round_interval = self.option("round_interval", 5.0)
        self.query_timeout = self.option("timeout", 5.0)
        self.sample_size = self.option("sample_size", 0)
        self.alpha = min(1.0, max(0.0, self.option("alpha", 0.1)))
        self.weights_interval = self.option("weights_interval", 0)
        self.scores: dict[int, float] = {}
        self.rounds = 0
        self.last_round: dict[str, Any] | None = None
        self.last_weights_block: int | None = None
        self.weights_note: str | None = None
        self._pending_reveal: dict[str, Any] | None = None
        self._weights_off = False
        self._next_round = 0.0
        self._loop = asyncio.new_event_loop()
        self.dendrite = Dendrite(self.keypair)

    def step(self) -> None:
        wait = self._next_round - time.monotonic()
        if wait > 0:
            self.sleep(min(wait, 1.0))
            return
        self._next_round = time.monotonic() + self.round_interval
        try:
            self.run_round()
        except Exception:
            self.log.exception("round failed; the next one comes in %gs", self.round_interval)
        try:
            self.maybe_set_weights()
        except Exception:
            self.log.exception("setting weights failed; scoring continues")

    def miners(self) -> list[int]:
        """Indexes into the metagraph of the miners to query: every serving neuron but this one."""
        mg = self.metagraph
        picked = [i for i in mg.serving() if mg.hotkeys[i] != self.hotkey]
        if self.sample_size and len(picked) > self.sample_size:
            picked = sorted(secrets.SystemRandom().sample(picked, self.sample_size))
        return picked

    def run_round(self) -> None:
        from subnets.protocol.dendrite import AxonTarget

        mg = self.metagraph
        picked = self.miners()
        if not picked:
            note = (f"no miner on subnet {self.netuid} has published an axon yet (a miner's hotkey pays serve_axon's "
                    "fee: `btcli miner list` says what each hosted miner is missing)")
            if (self.last_round or {}).get("note") != note:
                self.log.warning("nothing to query: %s", note)
            self.last_round = {"round": self.rounds, "block": mg.block, "queried": 0, "answered": 0,
                               "mean_latency_s": None, "at": time.time(), "note": note}
            return
        challenge = self.challenge()
        targets = [AxonTarget(mg.axons[i]["ip"], int(mg.axons[i]["port"]), mg.hotkeys[i]) for i in picked]
        results = self._loop.run_until_complete(self.dendrite.query(targets, challenge, self.query_timeout))
        answers = [Answer(mg.uids[i], mg.hotkeys[i], r.ok, r.status_code, r.message, r.latency_s, r.synapse)
                   for i, r in zip(picked, results)]
        raw = self.score(challenge, answers)
        values = [_clean(v) for v in list(raw)[:len(answers)]]
        values += [0.0] * (len(answers) - len(values))
        for answer, value in zip(answers, values):
            previous = self.scores.get(answer.uid, 0.0)
            self.scores[answer.uid] = (1 - self.alpha) * previous + self.alpha * value
        live = set(mg.uids)
        self.scores = {u: s for u, s in self.scores.items() if u in live}
        ok = [a for a in answers if a.ok]
        self.rounds += 1
        self.last_round = {"round": self.rounds, "block": mg.block, "queried": len(answers), "answered": len(ok),
                           "mean_latency_s": round(sum(a.latency_s for a in ok) / len(ok), 6) if ok else None,
                           "at": time.time(), "scores": {str(a.uid): v for a, v in zip(answers, values)}}
        failed = [a for a in answers if not a.ok]
        if failed:  # why, in the miner's words: a refusal (403 without a permit), a timeout, …
            first = failed[0]
            self.last_round["note"] = (f"{len(failed)} of {len(answers)} miners did not answer; uid {first.uid}: "
                                       f"{first.status_code} {first.message}")
        self.log.info("round %d at block #%d: %d/%d miners answered, mean latency %s", self.rounds, mg.block,
                      len(ok), len(answers), f"{self.last_round['mean_latency_s']:.4f}s" if ok else "-")

    # -- weights -------------------------------------------------------------------------------
    def _weights_due(self) -> bool:
        head = self.metagraph.block
        limit = max(int(self.hyperparameter("weights_rate_limit", 0) or 0), int(self.weights_interval))
        last = self.last_weights_block
        index = self.metagraph.index_of_uid(self.uid) if self.uid is not None else None
        if index is not None and self.metagraph.last_update:
            chain_last = self.metagraph.last_update[index]
            last = max(last or 0, chain_last) or last
        return last is None or head - last >= limit

    def maybe_set_weights(self) -> None:
        if self._weights_off:
            return
        if self.uid is None:
            self.weights_note = "not registered on the subnet: no weights"
            return
        if self._pending_reveal is not None:
            self._reveal()
            return
        if not any(v > 0 for v in self.scores.values()) or not self._weights_due():
            return
        try:
            from client import weights as cw
        except ImportError:
            self._disable_weights("client.weights is not available in this install (issue 5): scoring continues, "
                                  "no weights are set")
            return
        uids = sorted(self.scores)
        values = [self.scores[u] for u in uids]
        version = int(self.hyperparameter("weights_version", 0) or 0)
        try:
            if self.hyperparameter("commit_reveal_weights_enabled", False):
                salt = [secrets.randbelow(65536) for _ in range(8)]
                commit = cw.commit_weights(self.rpc, self.keypair, self.netuid, uids, values, salt=salt, version_key=version)
                self._pending_reveal = {"uids": uids, "weights": values, "salt": salt, "version": version,
                                        "block": self.metagraph.block, "hash": commit.get("commit_hash")}
                self.weights_note = f"committed at block #{self.metagraph.block}; reveal pending"
            else:
                cw.set_weights(self.rpc, self.keypair, self.netuid, uids, values, version_key=version)
                self.weights_note = None
            self.last_weights_block = self.metagraph.block
            self.log.info("weights %s for %d uids at block #%d", "committed" if self._pending_reveal else "set",
                          len(uids), self.metagraph.block)
        except Exception as exc:
            self._weights_failed(exc)

    def _reveal(self) -> None:
        """Reveal the pending commit once the chain says it may be (taonet_weightCommits): never sign
        a reveal that is too early; an expired or vanished commit is dropped and weights committed afresh."""
        from client import subnets
        from client import weights as cw

        p = self._pending_reveal
        assert p is not None
        try:
            status = subnets.weight_commits(self.rpc, self.netuid, self.hotkey)
        except Exception as exc:  # the read failed (the node restarting): try again at the next step
            self.weights_note = f"reveal pending; the commits could not be read: {type(exc).__name__}: {exc}"
            return
        entry = next((c for c in status.get("commits") or [] if c.get("hash") == p.get("hash")), None)
        if entry is None or entry.get("status") == "expired":
            self._pending_reveal = None
            self.weights_note = (f"the commit of block #{p['block']} " + ("expired unrevealed" if entry else "is not on chain")
                                 + ": weights are committed again")
            self.log.warning("%s", self.weights_note)
            return
        if entry.get("status") == "waiting":
            self.weights_note = (f"committed at block #{entry['commit_block']}; to be revealed in epoch {entry['reveal_epoch']}, "
                                 f"about blocks {entry['reveal_from_block']}–{entry['reveal_until_block']} "
                                 f"(now block {status.get('head')})")
            return
        try:
            cw.reveal_weights(self.rpc, self.keypair, self.netuid, p["uids"], p["weights"], salt=p["salt"],
                              version_key=p["version"])
        except Exception as exc:
            if self.metagraph.block - p["block"] > 4 * int(self.hyperparameter("tempo", 360) or 360):
                self._pending_reveal = None  # too late to reveal: commit afresh next time
            self.weights_note = f"reveal not accepted yet: {exc}"
            return
        self._pending_reveal = None
        self.last_weights_block = self.metagraph.block
        self.weights_note = None
        self.log.info("weights revealed at block #%d", self.metagraph.block)

    def _weights_failed(self, exc: Exception) -> None:
        text = str(exc)
        if "unknown call" in text.lower() or "not found" in text.lower() and "method" in text.lower():
            self._disable_weights(f"the node does not know the weights calls yet ({text}): scoring continues")
            return
        if isinstance(exc, TypeError):
            self._disable_weights(f"client.weights has another signature than expected ({text}): scoring continues")
            return
        self.weights_note = f"{type(exc).__name__}: {text}"
        self.log.warning("weights not set: %s", self.weights_note)

    def _disable_weights(self, why: str) -> None:
        self._weights_off = True
        self.weights_note = why
        self.log.warning("%s", why)

    def teardown(self) -> None:
        loop = getattr(self, "_loop", None)
        if loop is not None:
            loop.run_until_complete(self.dendrite.aclose())
            loop.close()

    def report(self) -> dict[str, Any]:
        return {"rounds": getattr(self, "rounds", 0), "last_round": getattr(self, "last_round", None),
                "last_weights_block": getattr(self, "last_weights_block", None),
                "weights_note": getattr(self, "weights_note", None),
                "scores": {str(u): round(s, 6) for u, s in sorted(getattr(self, "scores", {}).items())}}


def _clean(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if math.isnan(number) else min(1.0, max(0.0, number))
