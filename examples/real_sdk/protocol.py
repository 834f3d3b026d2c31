"""The wire protocol of this example subnet: one bittensor Synapse.

A validator sends two integers; a miner answers their sum. Written with the bittensor SDK only
(`pip install bittensor==10.5.0`), in the shape of the subnet template's `template/protocol.py`.
"""

import bittensor as bt


class Sum(bt.Synapse):
    """Request: `a` and `b`, filled in by the validator. Response: `total`, filled in by the miner."""

    a: int
    b: int
    total: int | None = None

    def deserialize(self) -> int | None:
        """What `Dendrite.query(..., deserialize=True)` hands the validator: the miner's answer."""
        return self.total
