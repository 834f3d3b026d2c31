"""`state_call(name, data, at?)`: the runtime APIs of the claimed runtime (spec 461), answered from
taonet's state.

`name` is "<Api>_<method>" as the V15 metadata lists it; `data` the SCALE parameters (0x-hex),
decoded with the method's own input types and the answer encoded with its output type
(node.substrate.codec), so every answer decodes with the runtime's metadata. Served:

- Metadata_metadata_at_version (15 -> V15, 14 -> V14, else None), Metadata_metadata_versions,
  Metadata_metadata (V14), Core_version (the runtime's System.Version);
- SubnetInfoRuntimeApi, SubnetRegistrationRuntimeApi (node.substrate.apis_subnets, apis_metagraph);
- NeuronInfoRuntimeApi, DelegateInfoRuntimeApi (apis_neurons);
- StakeInfoRuntimeApi, SwapRuntimeApi (apis_stake);
- BetaBasketRuntimeApi's per-coldkey reads (apis_basket: taonet's root claims, no baskets);
- AccountNonceApi, TransactionPaymentApi (apis_misc).
Each module's docstring lists the fields taonet has no concept of and what it answers for them.
The metagraph and neuron lists are encoded by node.substrate.apis_encode (same bytes, faster).

`at` must name a block the node has (else UnknownBlock, as subtensor answers); taonet keeps no past
state, so the answer is the state of the last committed block (as for storage, node.substrate.
storage_items). A method the runtime has but taonet does not serve, or parameters that do not decode,
answer the error a subtensor node gives for a failed call (4003, "Client error: Execution failed: …").
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from node.chain import Chain
from node.reader import View
from node.substrate import (
    apis_basket,
    apis_metagraph,
    apis_misc,
    apis_neurons,
    apis_stake,
    apis_subnets,
    metadata,
)
from node.substrate.apis_encode import fast
from node.substrate.chain_rpc import block_at
from node.substrate.codec import MAX_INPUT, SOME_NONE, Codec, CodecError, codec
from node.substrate.dialect import INVALID_PARAMS, SubstrateError, params_of
from node.substrate.session import Session

CALL_FAILED = 4003  # sc-rpc's state error "Client error: …" (what subtensor answers for a failed state_call)

HANDLERS: dict[str, Callable[..., Any]] = {
    **apis_subnets.HANDLERS, **apis_metagraph.HANDLERS, **apis_neurons.HANDLERS, **apis_stake.HANDLERS,
    **apis_misc.HANDLERS, **apis_basket.HANDLERS,
}
RAW_HANDLERS: dict[str, Callable[[Any, bytes], Any]] = dict(apis_misc.RAW_HANDLERS)
FAST = apis_metagraph.FAST | apis_neurons.FAST


@dataclass
class Ctx:
    """One runtime call: the chain, a consistent snapshot of its state, and the codec."""

    chain: Chain
    view: View
    codec: Codec
    head: int
    some_none: Any = SOME_NONE
    _structs: dict = field(default_factory=dict)

    def output_struct(self, api: str, method: str) -> int:
        """The struct type inside a method's Option/Vec output."""
        key = (api, method)
        if key not in self._structs:
            tid = self.codec.api_method(api, method).output
            while True:
                t = self.codec.types[tid]
                if t["path"] == ["Option"]:
                    tid = t["params"][0]["type"]
                elif "sequence" in t["def"]:
                    tid = t["def"]["sequence"]["type"]
                else:
                    break
            self._structs[key] = tid
        return self._structs[key]


def _failed(message: str) -> SubstrateError:
    return SubstrateError(CALL_FAILED, f"Client error: Execution failed: {message}")


def _metadata_call(name: str, data: bytes) -> bytes | None:
    """The Metadata and Core APIs (answered from the shipped metadata), or None for another name."""
    if name == "Metadata_metadata_at_version":
        if len(data) != 4:
            raise _failed("Metadata_metadata_at_version takes one u32")
        return metadata.metadata_at_version(int.from_bytes(data, "little"))
    if name == "Metadata_metadata_versions":
        return metadata.metadata_versions()
    if name == "Metadata_metadata":
        v14 = metadata.metadata_v14()
        return metadata.compact_length(len(v14)) + v14
    if name == "Core_version":
        return _runtime_version()
    return None


def _runtime_version() -> bytes:
    """The runtime's `System.Version` constant as it stands in the metadata (a RuntimeVersion)."""
    c = codec()
    with c.lock:
        for entry in c.metadata.get_metadata_pallet("System")["constants"]:
            if entry["name"].value == "Version":
                return c.metadata_bytes(entry["value"])
    raise _failed("the runtime metadata has no System.Version")


def runtime_call(chain: Chain, name: str, data: bytes) -> bytes:
    """The SCALE answer of runtime API `name` to the SCALE parameters `data`, at the head."""
    answer = _metadata_call(name, data)
    if answer is not None:
        return answer
    c = codec()
    try:
        method = c.api_by_call_name(name)
    except CodecError:
        raise _failed(f"Other: Exported method {name} is not found") from None
    raw = RAW_HANDLERS.get(name)
    handler = HANDLERS.get(name)
    if raw is None and handler is None:
        raise _failed(f"Other: Exported method {name} is not served by taonet (no such concept on taonet)")
    with chain.reader.snapshot() as view:
        ctx = Ctx(chain, view, c, view.head)
        try:
            if raw is not None:
                value = raw(ctx, data)
            elif handler is not None:
                value = handler(ctx, **c.decode_api_params(method, data))
        except CodecError as exc:
            raise _failed(f"cannot decode the parameters of {name}: {exc}") from None
        except SubstrateError as exc:  # the extrinsic of a TransactionPaymentApi call, refused by ingestion
            raise _failed(f"{name}: {exc.message}") from None
    if name in FAST:
        return fast(c).encode(method.output, value)
    return c.encode_api_result(method, value)


def state_call(session: Session, params: list) -> str:
    """`state_call(name, data, at?)` -> the answer's SCALE bytes as 0x-hex."""
    name, data_hex, at = params_of("state_call", params, 2, 3)
    if not isinstance(name, str) or not 0 < len(name) <= 128:
        raise SubstrateError(INVALID_PARAMS, "state_call: the first parameter is the runtime API method's name")
    if not isinstance(data_hex, str) or len(data_hex) > 2 * MAX_INPUT + 2:
        raise SubstrateError(INVALID_PARAMS, f"state_call: the call data is 0x-hex of at most {MAX_INPUT} bytes")
    try:
        data = bytes.fromhex(data_hex.removeprefix("0x"))
    except ValueError:
        raise SubstrateError(INVALID_PARAMS, "state_call: the call data is not hex") from None
    if at is not None:
        block_at(session, at, "state_call")
    return "0x" + runtime_call(session.chain, name, data).hex()


TABLE = {"state_call": state_call}
