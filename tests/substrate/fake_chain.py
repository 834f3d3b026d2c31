"""The fake subtensor's chain: blocks, each with its extrinsics, System.Events and a storage snapshot.

Block 0 carries spec 461's golden genesis hash; later hashes are blake2-256 of the SCALE header
(the metadata's `sp_runtime::generic::header::Header`). Every block starts with the
`Timestamp.set` inherent. `submit(raw)` checks a signed extrinsic like the pool does, then seals
a block with it at once (instant seal): fee withdrawn and nonce bumped whatever the outcome, the
call applied to a copy of the state and kept only on success, events as a real block records them
(Balances.Withdraw, the pallet's events, TransactionPayment.TransactionFeePaid, then
System.ExtrinsicSuccess or System.ExtrinsicFailed with the DispatchError).
"""
from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.substrate import fake_extrinsic
from tests.substrate.fake_calls import dispatch
from tests.substrate.fake_extrinsic import Failed, Signed, blake2_256
from tests.substrate.fake_runtime import Codec
from tests.substrate.fake_state import WEIGHT_PROOF_SIZE, WEIGHT_REF_TIME, State
from tests.substrate.fake_storage import snapshot

BLOCK_MS = 12_000
HEADER_TYPE = "sp_runtime::generic::header::Header"


@dataclass
class Block:
    number: int
    hash: str
    header: dict  # as chain_getHeader answers
    extrinsics: list  # 0x-hex, as chain_getBlock answers
    storage: dict = field(repr=False)  # key bytes -> value bytes
    state: State = field(repr=False)  # the state after this block, for runtime calls at it
    outcomes: dict = field(default_factory=dict)  # extrinsic hash -> "success" | DispatchError value


def _info(klass: str = "Normal") -> dict:
    return {"weight": {"ref_time": WEIGHT_REF_TIME, "proof_size": WEIGHT_PROOF_SIZE}, "class": klass,
            "pays_fee": "Yes"}


class Chain:
    def __init__(self, codec: Codec, state: State, *, start_ms: int = 1_789_516_218_750) -> None:
        self.codec, self.state = codec, state
        self.lock = threading.RLock()
        self.now_ms = start_ms
        self.blocks: list[Block] = []
        self.by_hash: dict[str, Block] = {}
        self.listeners: list[Callable[[Block], None]] = []
        self.rpc_log: list[tuple[str, str | None, int | None]] = []  # filled by the server
        self._header_type = next(tid for tid, t in codec.types.items()
                                 if "::".join(t["path"]) == HEADER_TYPE)
        self._seal([], [], genesis=True)

    # -- reading -----------------------------------------------------------------------------------
    @property
    def head(self) -> Block:
        return self.blocks[-1]

    def at(self, block_hash: str | None) -> Block:
        """The block with this hash (the head for None); KeyError for an unknown hash."""
        if block_hash is None:
            return self.head
        return self.by_hash[block_hash.lower()]

    def hash_of(self, number: int) -> str | None:
        return self.blocks[number].hash if 0 <= number < len(self.blocks) else None

    # -- writing -----------------------------------------------------------------------------------
    def produce(self, count: int = 1) -> Block:
        """Seal `count` empty blocks (the timestamp inherent only)."""
        with self.lock:
            for _ in range(count):
                self._seal([], [])
            return self.head

    def submit(self, raw: bytes) -> tuple[Signed, Block]:
        """Check and include one signed extrinsic in a new block; `fake_extrinsic.Invalid` if the pool refuses it."""
        with self.lock:
            ext = fake_extrinsic.check(self.codec, raw, self.state, head=self.head.number, block_hash=self.hash_of)
            before = copy.deepcopy(self.state)
            try:
                records, outcome = self._apply(ext, index=1)
                block = self._seal([raw], records, outcomes={ext.hash: outcome})
            except Exception:  # a bug in the model must not leave half an extrinsic applied
                self.state.__dict__.update(before.__dict__)
                raise
            return ext, block

    def _apply(self, ext: Signed, index: int) -> tuple[list, object]:
        account = self.state.account(ext.signer)
        account["nonce"] += 1
        account["free"] -= ext.fee
        events = [("Balances", "Withdraw", {"who": ext.signer, "amount": ext.fee})]
        work = copy.deepcopy(self.state)
        try:
            events += dispatch(self.codec, work, ext, self.head.number + 1)
            self.state.__dict__.update(work.__dict__)
            outcome: object = "success"
            final = ("System", "ExtrinsicSuccess", {"dispatch_info": _info()})
        except Failed as failure:
            events = events[:1]
            outcome = failure.error
            final = ("System", "ExtrinsicFailed", {"dispatch_error": failure.error, "dispatch_info": _info()})
        events.append(("TransactionPayment", "TransactionFeePaid",
                       {"who": ext.signer, "actual_fee": ext.fee - ext.tip, "tip": ext.tip}))
        events.append(final)
        return [self._record(index, e) for e in events], outcome

    @staticmethod
    def _record(index: int, event: tuple) -> dict:
        pallet, name, attributes = event
        return {"phase": {"ApplyExtrinsic": index}, "event": {pallet: {name: attributes}}, "topics": []}

    def _timestamp(self) -> str:
        obj = self.codec.obj("Extrinsic")
        obj.encode({"call_module": "Timestamp", "call_function": "set", "call_args": {"now": self.now_ms}})
        return str(obj.data)

    def _seal(self, raws: list[bytes], records: list, *, genesis: bool = False, outcomes=None) -> Block:
        number = 0 if genesis else self.head.number + 1
        self.now_ms += 0 if genesis else BLOCK_MS
        extrinsics = [] if genesis else [self._timestamp()] + ["0x" + r.hex() for r in raws]
        if not genesis:
            records = [self._record(0, ("System", "ExtrinsicSuccess", {"dispatch_info": _info("Mandatory")}))] + records
        storage = snapshot(self.codec, self.state, number=number, now_ms=self.now_ms, events=records)
        parent = "0x" + "00" * 32 if genesis else self.head.hash
        state_root = "0x" + blake2_256(b"".join(k + v for k, v in sorted(storage.items()))).hex()
        ext_root = "0x" + blake2_256(b"".join(bytes.fromhex(e[2:]) for e in extrinsics)).hex()
        header = {"parentHash": parent, "number": hex(number), "stateRoot": state_root,
                  "extrinsicsRoot": ext_root, "digest": {"logs": []}}
        if genesis:
            block_hash = self.codec.network["genesis_hash"]
        else:
            encoded = self.codec.encode(self._header_type, {
                "parent_hash": parent, "number": number, "state_root": state_root,
                "extrinsics_root": ext_root, "digest": {"logs": []}})
            block_hash = "0x" + blake2_256(encoded).hex()
        block = Block(number, block_hash, header, extrinsics, storage, copy.deepcopy(self.state), outcomes or {})
        self.blocks.append(block)
        self.by_hash[block_hash.lower()] = block
        for listener in list(self.listeners):
            listener(block)
        return block
