"""taonet_constants: the runtime's constants a client needs, so no client imports node.runtime.

The answer never changes while a node runs (a client caches it per connection):
{rao_per_tao, existential_deposit, base_fee, byte_fee (rao), weights: {u16_max,
max_unrevealed_commits, commit_hash_scheme (node.weights_commit.SCHEME)}}.
"""
from __future__ import annotations

from consensus.params import RAO_PER_TAO
from node import weights_commit
from node.chain import Chain
from node.rpc_methods import method
from node.runtime import balances
from node.runtime import weights as chain_weights


@method("taonet_constants")
def taonet_constants(chain: Chain) -> dict:
    return {"rao_per_tao": RAO_PER_TAO, "existential_deposit": balances.EXISTENTIAL_DEPOSIT,
            "base_fee": balances.BASE_FEE, "byte_fee": balances.BYTE_FEE,
            "weights": {"u16_max": chain_weights.U16_MAX, "max_unrevealed_commits": chain_weights.MAX_UNREVEALED_COMMITS,
                        "commit_hash_scheme": weights_commit.SCHEME}}
