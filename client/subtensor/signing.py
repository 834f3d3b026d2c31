"""Signed SCALE v4 extrinsics from taonet keys, fees, submission and the extrinsic's events.

Pure parts take async-substrate-interface's `Runtime` (client.subtensor.calls.load_runtime):
`signature_payload` (call ‖ signed-extension extras ‖ their additional data, in the metadata's order,
blake2-256 when over 256 bytes), `signed_extrinsic`, `sign_call`, `extrinsic_hash`, `storage_key`,
`decode_events`, `events_of` and `dispatch_outcome`. The parts that talk to a node take `conn`
(client.subtensor.connection.Substrate: `rpc`, `runtime_call`, `substrate`, `bounded`): `sign`
(nonce from `account_nextIndex`, a mortal era of `PERIOD` blocks from the finalized head, as btcli
9.23), `estimate_fee` (`TransactionPaymentApi.query_info`), `submit_and_wait`
(`author_submitAndWatchExtrinsic`) and `extrinsic_events` (`System.Events` at the block).
"""
from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping, Sequence
from hashlib import blake2b
from typing import TYPE_CHECKING, Any

from client.errors import ClientError
from client.subtensor import calls

if TYPE_CHECKING:
    from client.extrinsics import Outcome

PERIOD = 16  # blocks a signed extrinsic stays valid (btcli 9.23's mortal era)
ZERO_SIGNATURE = bytes(64)  # what a fee estimate is "signed" with (query_info checks no signature)


class SubstrateKeypair:
    """taonet's `wallet.keypair.Keypair` as async-substrate-interface's `Keypair` protocol: a str to
    sign is hex when it starts with 0x (as the library's own keypairs read it), else UTF-8."""

    def __init__(self, keypair: Any) -> None:
        self._keypair = keypair

    @property
    def crypto_type(self) -> int:
        return int(self._keypair.crypto_type)

    @property
    def public_key(self) -> bytes:
        return bytes(self._keypair.public_key)

    @property
    def ss58_address(self) -> str:
        return str(self._keypair.ss58_address)

    @property
    def ss58_format(self) -> int:
        return int(getattr(self._keypair, "ss58_format", 42))

    def sign(self, data: bytes | str) -> bytes:
        if isinstance(data, str):
            data = bytes.fromhex(data[2:]) if data.startswith("0x") else data.encode("utf-8")
        return bytes(self._keypair.sign(data))


# -- pure: payload, extrinsic, hash -------------------------------------------------------------
def _types(runtime: Any) -> dict[int, Any]:
    return calls._index(runtime)["types"]


def _zero_sized(types: dict[int, Any], type_id: int) -> bool:
    definition = types[type_id]["def"]
    if "composite" in definition:
        return all(_zero_sized(types, f["type"]) for f in definition["composite"]["fields"])
    if "tuple" in definition:
        return all(_zero_sized(types, t) for t in definition["tuple"])
    if "array" in definition:
        return definition["array"]["len"] == 0 or _zero_sized(types, definition["array"]["type"])
    return False


def _encode(runtime: Any, type_id: int, value: Any) -> bytes:
    obj = runtime.runtime_config.create_scale_object(f"scale_info::{type_id}")
    return bytes(obj.encode(value).data)


def _extensions(runtime: Any, era: Any, nonce: int, tip: int, genesis_hash: str, birth_hash: str) -> tuple[bytes, bytes]:
    """(extra, additional signed data) of the runtime's signed extensions, in the metadata's order."""
    values = {"CheckMortality": (era, birth_hash), "CheckEra": (era, birth_hash), "CheckNonce": (nonce, None),
              "ChargeTransactionPayment": (tip, None), "ChargeAssetTxPayment": ({"tip": tip, "asset_id": None}, None),
              "CheckSpecVersion": (None, runtime.runtime_version), "CheckTxVersion": (None, runtime.transaction_version),
              "CheckGenesis": (None, genesis_hash), "CheckMetadataHash": ("Disabled", None)}
    types = _types(runtime)
    extra, additional = b"", b""
    for ext in runtime.metadata[1][1]["extrinsic"]["signed_extensions"].value:
        name, extra_ty, added_ty = ext["identifier"], ext["ty"], ext["additional_signed"]
        value, added = values.get(name, (None, None))
        if not _zero_sized(types, extra_ty):
            if value is None:
                raise ClientError(f"the runtime's signed extension {name} needs a value taonet does not know how to give")
            extra += _encode(runtime, extra_ty, value)
        if not _zero_sized(types, added_ty):
            if added is None and name != "CheckMetadataHash":
                raise ClientError(f"the runtime's signed extension {name} needs data taonet does not know how to give")
            additional += _encode(runtime, added_ty, added)
    return extra, additional


def signature_payload(runtime: Any, call_data: bytes, era: Any, nonce: int, tip: int, genesis_hash: str,
                      birth_hash: str) -> bytes:
    """What the signer signs: call ‖ extra ‖ additional signed data; its blake2-256 when longer than
    256 bytes. `era` is "00" (immortal, birth hash = genesis) or {"period": p, "current": n}."""
    extra, additional = _extensions(runtime, era, nonce, tip, genesis_hash, birth_hash)
    payload = bytes(call_data) + extra + additional
    return blake2b(payload, digest_size=32).digest() if len(payload) > 256 else payload


def signed_extrinsic(runtime: Any, call: Any, public_key: bytes, signature: bytes, era: Any, nonce: int, tip: int,
                     crypto_type: int = 1) -> bytes:
    """The signed v4 extrinsic (length-prefixed SCALE) of the composed `call`, encoded by scalecodec."""
    extrinsic = runtime.runtime_config.create_scale_object("Extrinsic", metadata=runtime.metadata)
    value = {"account_id": "0x" + bytes(public_key).hex(), "signature": "0x" + bytes(signature).hex(),
             "signature_version": crypto_type, "call_function": call.value["call_function"],
             "call_module": call.value["call_module"], "call_args": call.value["call_args"], "nonce": nonce,
             "era": era, "tip": tip, "asset_id": {"tip": tip, "asset_id": None}, "mode": "Disabled"}
    return bytes(extrinsic.encode(value).data)


def sign_call(runtime: Any, call: Any, keypair: Any, nonce: int, tip: int, era: Any, genesis_hash: str,
              birth_hash: str) -> bytes:
    """`call` signed by `keypair` (taonet's or any with `.sign`, `.public_key`, `.crypto_type`)."""
    signer = SubstrateKeypair(keypair)
    payload = signature_payload(runtime, bytes(call.data.data), era, nonce, tip, genesis_hash, birth_hash)
    return signed_extrinsic(runtime, call, signer.public_key, signer.sign(payload), era, nonce, tip, signer.crypto_type)


def extrinsic_hash(extrinsic: bytes | str) -> str:
    """The extrinsic's hash as the chain names it: blake2-256 of its bytes (length prefix included)."""
    data = bytes.fromhex(extrinsic.removeprefix("0x")) if isinstance(extrinsic, str) else extrinsic
    return "0x" + blake2b(data, digest_size=32).hexdigest()


def era_birth(runtime: Any, era: Mapping[str, int]) -> int:
    """The block a mortal era counts from (its hash goes into the signing payload)."""
    obj = runtime.runtime_config.create_scale_object("Era")
    obj.encode(dict(era))
    return int(obj.birth(era["current"]))


def storage_key(runtime: Any, pallet: str, item: str, params: list[Any] | None = None) -> str:
    """The storage key (0x-hex) of `pallet.item` at `params`, hashed as the metadata says."""
    from async_substrate_interface.utils.storage import StorageKey

    key = StorageKey.create_from_storage_function(pallet, item, list(params or []), runtime.runtime_config,
                                                  runtime.metadata)
    return str(key.to_hex())


# -- pure: events ------------------------------------------------------------------------------
def decode_events(runtime: Any, raw: bytes) -> list[dict[str, Any]]:
    """`System.Events` storage bytes decoded with the metadata: event records, each with phase,
    extrinsic_idx, module_id, event_id and attributes."""
    from scalecodec import ScaleBytes

    pallet = runtime.metadata.get_metadata_pallet("System")
    value_type = pallet.get_storage_function("Events").get_value_type_string()
    obj = runtime.runtime_config.create_scale_object(value_type, data=ScaleBytes(raw), metadata=runtime.metadata)
    return list(obj.decode() or [])


def events_of(records: Sequence[Mapping[str, Any]], index: int) -> list[dict[str, Any]]:
    """The events extrinsic `index` emitted, shaped [{"name": "Pallet.Event", "data": {...}}]."""
    out = []
    for record in records:
        if record.get("phase") == "ApplyExtrinsic" and record.get("extrinsic_idx") == index:
            data = record.get("attributes")
            out.append({"name": f"{record['module_id']}.{record['event_id']}",
                        "data": dict(data) if isinstance(data, Mapping) else {"value": data}})
    return out


def dispatch_outcome(runtime: Any, events: Sequence[Mapping[str, Any]]) -> tuple[bool, str | None, str | None]:
    """(success, error name, message) from an extrinsic's events (System.ExtrinsicSuccess/Failed)."""
    from client.subtensor import errors

    for event in events:
        if event["name"] == "System.ExtrinsicFailed":
            name, message = errors.describe(runtime, event["data"].get("dispatch_error"))
            return False, name, message
    return any(e["name"] == "System.ExtrinsicSuccess" for e in events), None, None


# -- with a node --------------------------------------------------------------------------------
def mortal_era(conn: Any, runtime: Any, period: int = PERIOD) -> tuple[dict[str, int], str]:
    """A mortal era of `period` blocks from the finalized head, and its birth block's hash."""
    finalized = conn.rpc("chain_getFinalizedHead", [])
    current = int(conn.rpc("chain_getHeader", [finalized])["number"], 16)
    era = {"period": period, "current": current}
    birth = era_birth(runtime, era)
    return era, finalized if birth == current else conn.rpc("chain_getBlockHash", [birth])


def next_nonce(conn: Any, address: str) -> int:
    return int(conn.rpc("account_nextIndex", [address]))


def sign(conn: Any, keypair: Any, call: str, args: dict[str, Any], nonce: int | None = None, tip: int = 0,
         period: int = PERIOD) -> str:
    """The neutral `call` signed by `keypair` as a mortal extrinsic (0x-hex)."""
    runtime = calls.runtime_of(conn)
    composed = calls.compose_call(runtime, call, args)
    if nonce is None:
        nonce = next_nonce(conn, keypair.ss58_address)
    era, birth_hash = mortal_era(conn, runtime, period)
    data = sign_call(runtime, composed, keypair, nonce, tip, era, conn.genesis_hash, birth_hash)
    return "0x" + data.hex()


def fee_extrinsic(runtime: Any, signer: str, call: str, args: dict[str, Any], nonce: int, tip: int = 0) -> bytes:
    """The extrinsic a fee is estimated for: the real one's length, a zero signature (query_info
    checks none), a mortal era of PERIOD blocks (its birth block does not matter to the fee)."""
    from wallet import ss58

    try:
        public_key = ss58.decode(signer, None)
    except ValueError:
        raise ClientError(f"{signer!r} is not an ss58 address") from None
    composed = calls.compose_call(runtime, call, args)
    era = {"period": PERIOD, "current": PERIOD}
    return signed_extrinsic(runtime, composed, public_key, ZERO_SIGNATURE, era, nonce, tip)


def partial_fee(info: Mapping[str, Any]) -> int:
    """The fee (rao) in a `TransactionPaymentApi.query_info` answer (RuntimeDispatchInfo)."""
    fee = info.get("partial_fee", info.get("partialFee"))
    if fee is None:
        raise ClientError(f"query_info answered no fee: {dict(info)}")
    return int(fee, 16) if isinstance(fee, str) and fee.startswith("0x") else int(fee)


def estimate_fee(conn: Any, signer: str, call: str, args: dict[str, Any], tip: int = 0) -> int:
    """What the chain would charge `signer` for the neutral `call` (rao), from query_info."""
    from scalecodec import ScaleBytes

    runtime = calls.runtime_of(conn)
    data = fee_extrinsic(runtime, signer, call, args, next_nonce(conn, signer), tip)
    # the library encodes a SCALE object given as a parameter as its bytes
    uxt = runtime.runtime_config.create_scale_object("Extrinsic", data=ScaleBytes(data), metadata=runtime.metadata)
    return partial_fee(conn.runtime_call("TransactionPaymentApi", "query_info", [uxt, len(data)]))


# -- submission ---------------------------------------------------------------------------------
FINAL = ("inblock", "finalized")
REFUSED = ("dropped", "invalid", "usurped")


def watch_status(result: Any) -> tuple[str, str | None]:
    """An `author_extrinsicUpdate` result as (kind, block hash or reason): kind is "included"
    (inBlock/finalized), "dropped" (dropped/invalid/usurped) or "waiting" (future, ready, broadcast,
    retracted: the extrinsic goes back to the pool)."""
    if isinstance(result, str):
        key, detail = result.lower(), None
    elif isinstance(result, Mapping) and len(result) == 1:
        name, detail = next(iter(result.items()))
        key = str(name).lower()
    else:
        return "waiting", None
    if key in FINAL:
        return "included", str(detail)
    if key in REFUSED:
        return "dropped", f"the node reported the extrinsic {key}" + (f" ({detail})" if detail else "")
    return "waiting", None


def _rpc_error(error: Any) -> str:
    if isinstance(error, Mapping):
        text = str(error.get("message", error))
        data = error.get("data")
        return f"{text}: {data}" if data else text
    return str(error)


def _watch(conn: Any, extrinsic: str, timeout: float) -> tuple[str, str | None]:
    """Submit with author_submitAndWatchExtrinsic and follow its updates for `timeout` seconds:
    ("included", block hash), ("dropped", reason) or ("pending", None)."""
    ws = conn.substrate.connect()
    request_id = f"taonet-{uuid.uuid4().hex}"
    ws.send(json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "author_submitAndWatchExtrinsic",
                        "params": [extrinsic]}))
    until = time.monotonic() + timeout
    subscription: Any = None
    early: list[Mapping[str, Any]] = []
    while (left := until - time.monotonic()) > 0:
        try:
            message = json.loads(ws.recv(timeout=left))
        except TimeoutError:
            break
        if message.get("id") == request_id:
            if "error" in message:
                return "dropped", _rpc_error(message["error"])
            subscription = message.get("result")
            updates = [m for m in early if m.get("subscription") == subscription]
        elif message.get("method") == "author_extrinsicUpdate":
            params = message.get("params") or {}
            if subscription is None:
                early.append(params)
                continue
            updates = [params] if params.get("subscription") == subscription else []
        else:
            continue
        for update in updates:
            kind, detail = watch_status(update.get("result"))
            if kind != "waiting":
                _unwatch(ws, subscription)
                return kind, detail
    return "pending", None


def _unwatch(ws: Any, subscription: Any) -> None:
    ws.send(json.dumps({"jsonrpc": "2.0", "id": f"taonet-{uuid.uuid4().hex}", "method": "author_unwatchExtrinsic",
                        "params": [subscription]}))  # its answer is left for the library to skip


def runtime_at(conn: Any, block_hash: str) -> Any:
    with conn.bounded("reading the runtime"):
        return conn.substrate.init_runtime(block_hash=block_hash)


def block_events(conn: Any, block_hash: str) -> tuple[Any, list[dict[str, Any]]]:
    """(runtime, decoded System.Events) at `block_hash`."""
    runtime = runtime_at(conn, block_hash)
    raw = conn.rpc("state_getStorage", [storage_key(runtime, "System", "Events"), block_hash])
    return runtime, decode_events(runtime, bytes.fromhex(raw.removeprefix("0x"))) if raw else []


def submit_and_wait(conn: Any, extrinsic: str, timeout: float = 60.0) -> Outcome:
    """Submit a signed extrinsic (0x-hex) and wait up to `timeout` seconds for its block: the
    outcome as taonet's node gives it (status "included" with block_number, block_hash, index,
    success, error, message; "dropped" with the reason; "pending" when not in a block in time)."""
    ext_hash = extrinsic_hash(extrinsic)
    with conn.bounded("submitting the extrinsic", timeout + 30):
        kind, detail = _watch(conn, extrinsic, timeout)
    if kind == "dropped":
        return {"hash": ext_hash, "status": "dropped", "reason": detail or "dropped"}
    if kind != "included" or detail is None:
        return {"hash": ext_hash, "status": "pending"}
    block = conn.rpc("chain_getBlock", [detail])["block"]
    index = next((i for i, raw in enumerate(block["extrinsics"]) if extrinsic_hash(raw) == ext_hash), None)
    number = int(block["header"]["number"], 16)
    if index is None:
        return {"hash": ext_hash, "status": "unknown", "block_hash": detail, "block_number": number}
    runtime, records = block_events(conn, detail)
    success, error, message = dispatch_outcome(runtime, events_of(records, index))
    return {"hash": ext_hash, "status": "included", "block_number": number, "block_hash": detail, "index": index,
            "success": success, "error": error, "message": message}


def extrinsic_events(conn: Any, outcome: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The events of an included extrinsic, [{"name": "Pallet.Event", "data": {...}}]."""
    if outcome.get("status") != "included":
        return []
    _, records = block_events(conn, str(outcome["block_hash"]))
    return events_of(records, int(outcome["index"]))
