"""AccountNonceApi and TransactionPaymentApi (`query_info`, `query_fee_details`,
`query_length_to_fee`, `query_weight_to_fee`).

Fees are the node's own (node.substrate.ingest.fee_of: the extrinsic decoded to its taonet call and
charged by node.runtime.fee, base fee + byte fee · length, nothing for node.runtime.FEELESS_CALLS,
the weights calls and serve_axon, which are Pays::No on the chain): the same figure `payment_queryInfo` reports and a block charges.
`query_fee_details` splits it: base fee, length fee, tip (read from the extrinsic); a feeless call
has no inclusion fee (None), as the chain answers for Pays::No.

Fields taonet has no concept of, answered zero (never invented):
- `weight` {ref_time 0, proof_size 0} and `adjusted_weight_fee` 0 (no weights: the fee is
  length-based); `query_weight_to_fee` 0; `class` is always Normal.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from node.runtime import balances
from node.substrate.codec import CodecError

PAY = "TransactionPaymentApi"


def account_nonce(ctx: Any, account: str) -> int:
    return balances.account(ctx.view, account)[1]


def _extrinsic(data: bytes) -> bytes:
    """`query_info` / `query_fee_details` input (an encoded extrinsic, then its length as u32): the extrinsic."""
    if len(data) < 5:
        raise CodecError("the parameters are an encoded extrinsic and its length (u32)")
    return data[:-4]


def query_info(ctx: Any, data: bytes) -> dict[str, Any]:
    from node.substrate import ingest

    return ingest.dispatch_info(ctx.chain, _extrinsic(data))


def query_fee_details(ctx: Any, data: bytes) -> dict[str, Any]:
    from node.substrate import ingest

    raw = _extrinsic(data)
    fee = ingest.fee_of(ctx.chain, raw)
    tip = int(ctx.codec.decode_extrinsic(raw).tip or 0)
    if not fee:
        return {"inclusion_fee": None, "tip": tip}
    return {"inclusion_fee": {"base_fee": balances.BASE_FEE, "len_fee": fee - balances.BASE_FEE,
                              "adjusted_weight_fee": 0}, "tip": tip}


def query_length_to_fee(ctx: Any, length: int) -> int:
    return balances.fee_for(length, 0) - balances.BASE_FEE


def query_weight_to_fee(ctx: Any, weight: Any) -> int:
    return 0


HANDLERS: dict[str, Callable[..., Any]] = {"AccountNonceApi_account_nonce": account_nonce, f"{PAY}_query_length_to_fee": query_length_to_fee,
            f"{PAY}_query_weight_to_fee": query_weight_to_fee}
RAW_HANDLERS = {f"{PAY}_query_info": query_info, f"{PAY}_query_fee_details": query_fee_details}
"""Methods that take the raw `state_call` bytes (their extrinsic parameter is read by
`Codec.decode_extrinsic`, not as a generic type)."""
