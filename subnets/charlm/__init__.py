"""charlm: miners train character-level language models, validators score them on held-out text.

The worked example of a learning subnet (issue 8). The task is next-character prediction on
Python's own standard library source (`corpus`: nothing to download, split by file). A validator
sends 32 contexts of 128 characters (`synapse.NextChar`); a miner answers a probability
distribution over the 97-entry vocabulary for each, from a torch model it trains in the background
(`models`: tiny, small, base); the validator scores bits per character on the held-out next
characters and turns them into weights with softmax(−bpc / 0.5) and a moving average (`scoring`).

    btcli localnet up --subnet charlm          # three miners (tiny, small, base), two validators
    btcli miner start --subnet charlm --option size=base …

torch is imported only when a miner starts (`pip install 'taonet[torch]'`); validators need no torch.
"""
from __future__ import annotations

from subnets.charlm.miner import CharLMMiner
from subnets.charlm.synapse import NextChar
from subnets.charlm.validator import CharLMValidator

SIZES_IN_ORDER = ("tiny", "small", "base")


def localnet_miner_options(index: int, count: int) -> dict[str, str]:
    """`btcli localnet up`: miner i trains size tiny, small, base, tiny, … ."""
    return {"size": SIZES_IN_ORDER[index % len(SIZES_IN_ORDER)]}


Miner = CharLMMiner  # what the subnet registry looks for: `Miner` and `Validator`
Validator = CharLMValidator

__all__ = ["Miner", "NextChar", "Validator", "localnet_miner_options"]
