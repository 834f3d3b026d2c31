"""The read model: what the node answers about its chain, as plain functions over a state view.

Every RPC dialect reads from here: `taonet_*` (node/rpc_*.py, thin adapters that parse params, call
one function and return its dict) and the Substrate façade (node/substrate/). Functions take a
`node.reader.View` (one consistent snapshot: `with chain.reader.snapshot() as view`), or the
`Reader`/`Chain` where they read blocks or the pool, and already-validated Python values; they
return plain dicts, lists and ints (amounts in rao, alpha rao for alpha). A subnet that does not
exist raises `NotFound`, which the RPC answers as invalid params.

chain.py      chain info, accounts, blocks, events, extrinsic status, the runtime's constants
subnets.py    subnet summaries and emission shares, one subnet, hyperparameters
economy.py    lock and burn costs, pending emission, chain-wide economics; stake and swap quotes
stakes.py     a coldkey's stakes, a hotkey's owner and nominators, validator takes, root claims
metagraph.py  neurons, the metagraph as columns, weight commits
"""
from __future__ import annotations


class NotFound(LookupError):
    """What was asked for does not exist (a subnet): the message says which."""
