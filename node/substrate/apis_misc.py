"""AccountNonceApi and TransactionPaymentApi (`query_info`, `query_fee_details`,
`query_length_to_fee`, `query_weight_to_fee`).

Fees follow the node's own fee rule (node.runtime.balances.fee_for): base fee + byte fee · encoded
length + tip, the same rule that charges an extrinsic when a block applies it. The length is the one
the client passes (`len`, the length of the encoded extrinsic); the extrinsic's bytes are checked to
be one well-formed, length-prefixed extrinsic (its tip read from them for `query_fee_details`), but
the fee does not depend on its call: taonet's fee has no weight part.

Fields taonet has no concept of, answered zero (never invented):
- `weight` {ref_time 0, proof_size 0} and `adjusted_weight_fee` 0 (no weights: the fee is
  length-based); `query_weight_to_fee` 0; `class` is always Normal.
"""
from __future__ import annotations

from typing import Any

from node.runtime import balances
from node.substrate.codec import CodecError

PAY = "TransactionPaymentApi"


def account_nonce(ctx: Any, account: str) -> int:
    return balances.account(ctx.view, account)[1]


def _split(ctx: Any, data: bytes) -> tuple[Any, int]:
    """`query_info` / `query_fee_details` input: (decoded extrinsic, len)."""
    if len(data) < 5:
        raise CodecError("the parameters are an encoded extrinsic and its length (u32)")
    raw, length = data[:-4], int.from_bytes(data[-4:], "little")
    return ctx.codec.decode_extrinsic(raw), length


def fee_parts(length: int) -> dict[str, int]:
    """{base_fee, len_fee, adjusted_weight_fee} of an extrinsic of `length` bytes (tip apart)."""
    return {"base_fee": balances.BASE_FEE, "len_fee": balances.fee_for(length, 0) - balances.BASE_FEE,
            "adjusted_weight_fee": 0}


def query_info(ctx: Any, data: bytes) -> dict[str, Any]:
    _ext, length = _split(ctx, data)
    return {"weight": {"ref_time": 0, "proof_size": 0}, "class": "Normal", "partial_fee": balances.fee_for(length, 0)}


def query_fee_details(ctx: Any, data: bytes) -> dict[str, Any]:
    ext, length = _split(ctx, data)
    return {"inclusion_fee": fee_parts(length), "tip": int(ext.tip or 0)}


def query_length_to_fee(ctx: Any, length: int) -> int:
    return balances.fee_for(length, 0) - balances.BASE_FEE


def query_weight_to_fee(ctx: Any, weight: Any) -> int:
    return 0


HANDLERS = {"AccountNonceApi_account_nonce": account_nonce, f"{PAY}_query_length_to_fee": query_length_to_fee,
            f"{PAY}_query_weight_to_fee": query_weight_to_fee}
RAW_HANDLERS = {f"{PAY}_query_info": query_info, f"{PAY}_query_fee_details": query_fee_details}
"""Methods that take the raw `state_call` bytes (their extrinsic parameter is read by
`Codec.decode_extrinsic`, not as a generic type)."""
