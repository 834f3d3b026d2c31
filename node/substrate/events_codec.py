"""`System.Events` of the claimed runtime: a block's event records, encoded as a subtensor node stores them.

A record is (phase, "Pallet.Event", fields, topics): phase is the index of the extrinsic that emitted
it (`ApplyExtrinsic`), or "Initialization" / "Finalization"; fields are a dict by name for events with
named fields (`Balances.Transfer {from, to, amount}`) and a list in order for events with unnamed
ones (`SubtensorModule.StakeAdded(hotkey, coldkey, tao, alpha, netuid, ...)`). The metadata's
`RuntimeEvent` type does the encoding, so pallet and variant indices are the runtime's.

A mixin of `node.substrate.codec.Codec`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from node.substrate.scale import CodecCore, CodecError

PHASES = ("Initialization", "Finalization")


@dataclass(frozen=True)
class EventRecord:
    """One entry of `System.Events`."""

    phase: int | str  # extrinsic index, or "Initialization" / "Finalization"
    name: str  # "Pallet.Event"
    fields: Any  # dict for named fields, list for unnamed ones, {} / [] for none
    topics: tuple[str, ...] = field(default=())  # 0x-hex H256 each

    @property
    def pallet(self) -> str:
        return self.name.partition(".")[0]

    @property
    def event(self) -> str:
        return self.name.partition(".")[2]


RecordLike = EventRecord | tuple


class EventCodec(CodecCore):
    """Encode and decode the `System.Events` value."""

    def events_type(self) -> int:
        entry = self.pallet("System")["storage"]["entries"]
        for item in entry:
            if item["name"] == "Events":
                return int(item["type"]["Plain"])
        raise CodecError("the runtime has no System.Events")

    def encode_events(self, records: Iterable[RecordLike]) -> bytes:
        """`System.Events` bytes from records or (phase, "Pallet.Event", fields[, topics]) tuples."""
        values = []
        for record in records:
            if not isinstance(record, EventRecord):
                record = EventRecord(*record)
            pallet, _, event = record.name.partition(".")
            if not event:
                raise CodecError(f"event name {record.name!r} is not Pallet.Event")
            declared = self.event_fields(pallet, event)  # a name the runtime lacks fails here, clearly
            fields = record.fields
            if isinstance(fields, dict) and declared and declared[0][0] is None:
                raise CodecError(f"{record.name} has unnamed fields: give them as a list")
            values.append({"phase": self._phase(record.phase), "event": {pallet: {event: fields}},
                           "topics": list(record.topics)})
        return self.encode(self.events_type(), values)

    def decode_events(self, data: bytes) -> list[EventRecord]:
        """The records of a `System.Events` value."""
        out = []
        for value in self.decode(self.events_type(), data):
            phase = value["extrinsic_idx"] if value["phase"] == "ApplyExtrinsic" else value["phase"]
            attributes = value["attributes"]
            fields = list(attributes) if isinstance(attributes, tuple) else attributes
            if fields is None:
                fields = {}
            out.append(EventRecord(phase, f"{value['module_id']}.{value['event_id']}", fields,
                                   tuple(value["topics"])))
        return out

    @staticmethod
    def _phase(phase: int | str) -> Any:
        if isinstance(phase, bool) or not isinstance(phase, (int, str)):
            raise CodecError(f"bad event phase {phase!r}")
        if isinstance(phase, int):
            if not 0 <= phase < 1 << 32:
                raise CodecError(f"bad extrinsic index {phase}")
            return {"ApplyExtrinsic": phase}
        if phase not in PHASES:
            raise CodecError(f"bad event phase {phase!r} (an extrinsic index, or one of {PHASES})")
        return phase
