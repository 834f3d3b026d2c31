"""Base classes of a subnet's neurons: subclass `Miner` and `Validator`, write the task, done.

  neuron     what both share: config, the hotkey, the metagraph sync, SIGTERM, status.json
  metagraph  the subnet's neurons as seen from the chain (uids, hotkeys, axons, stake, permits)
  miner      serves the subnet's synapse on an Axon and publishes it on chain
  validator  rounds of challenge → query → score, a moving average, weights on chain

Nothing heavy is imported here; the classes load their stacks when they run.
"""
from __future__ import annotations

from subnets.base.miner import Miner
from subnets.base.neuron import NeuronConfig
from subnets.base.validator import Answer, Validator

__all__ = ["Answer", "Miner", "NeuronConfig", "Validator"]
