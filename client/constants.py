"""The chain's constants, asked of the node (taonet_constants) and cached per client.

The client never imports node.runtime for them: the node that will judge a call says what it
judges by. A node older than taonet_constants answers "method not found"; its taonet_chainInfo
still carries the balances' constants, and its weights commits use `SCHEME_BEFORE_CONSTANTS`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from client.balance import RAO_PER_TAO

if TYPE_CHECKING:
    from client.backend import Backend

METHOD_NOT_FOUND = -32601
SCHEME_BEFORE_CONSTANTS = "taonet-json-blake2b-256-v1"


@dataclass(frozen=True)
class ChainConstants:
    """What the node's runtime is built with; amounts in rao."""

    rao_per_tao: int
    existential_deposit: int
    base_fee: int | None  # None: a subtensor node (its fee is weight-based: ask estimate_fee)
    byte_fee: int | None
    u16_max: int
    max_unrevealed_commits: int | None  # None: an older node, or a subtensor node, that does not say
    commit_hash_scheme: str

    @classmethod
    def from_json(cls, answer: dict[str, Any]) -> ChainConstants:
        weights = answer["weights"]
        def maybe(value: Any) -> int | None:
            return None if value is None else int(value)

        return cls(rao_per_tao=int(answer["rao_per_tao"]), existential_deposit=int(answer["existential_deposit"]),
                   base_fee=maybe(answer["base_fee"]), byte_fee=maybe(answer["byte_fee"]),
                   u16_max=int(weights["u16_max"]), max_unrevealed_commits=maybe(weights["max_unrevealed_commits"]),
                   commit_hash_scheme=str(weights["commit_hash_scheme"]))


_CACHE: WeakKeyDictionary[Backend, ChainConstants] = WeakKeyDictionary()


def constants(rpc: Backend) -> ChainConstants:
    """The node's constants, asked once per client."""
    from client.errors import RpcError

    cached = _CACHE.get(rpc)
    if cached is not None:
        return cached
    try:
        found = ChainConstants.from_json(rpc.call("taonet_constants"))
    except RpcError as exc:
        if exc.code != METHOD_NOT_FOUND:
            raise
        info = rpc.call("taonet_chainInfo")
        found = ChainConstants(rao_per_tao=RAO_PER_TAO, existential_deposit=int(info["existential_deposit"]),
                               base_fee=int(info["base_fee"]), byte_fee=int(info["byte_fee"]), u16_max=65535,
                               max_unrevealed_commits=None, commit_hash_scheme=SCHEME_BEFORE_CONSTANTS)
    if found.rao_per_tao != RAO_PER_TAO:
        from client.errors import ClientError

        raise ClientError(f"{rpc.url} counts {found.rao_per_tao} rao per TAO, this client {RAO_PER_TAO}: "
                          "is it a taonet node of another version?")
    _CACHE[rpc] = found
    return found
