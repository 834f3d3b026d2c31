"""A miner written with the bittensor SDK only (10.5): it answers `Sum` requests on its axon.

The shape of the subnet template's neurons/miner.py: bittensor config flags, a registration check,
an Axon with forward/blacklist/priority functions, served on chain, and a loop that keeps the
metagraph in sync. It knows nothing of taonet: point it at any subtensor endpoint.

    python miner.py --netuid 2 --subtensor.network ws://127.0.0.1:9944 \
        --wallet.name miner --wallet.hotkey default --axon.port 8901 --axon.external_ip 127.0.0.1
"""
import argparse
import os
import signal
import sys
import time
import typing

import bittensor as bt
from protocol import Sum


def get_config() -> bt.Config:
    parser = argparse.ArgumentParser(description="Example miner: answers a + b.")
    parser.add_argument("--netuid", type=int, required=True, help="The subnet to mine on.")
    parser.add_argument("--neuron.sync_every", type=float, default=5.0,
                        help="Seconds between metagraph syncs.")
    parser.add_argument("--blacklist.force_validator_permit", action="store_true",
                        help="Only answer hotkeys holding a validator permit.")
    bt.Subtensor.add_args(parser)
    bt.Wallet.add_args(parser)
    bt.Axon.add_args(parser)
    bt.logging.add_args(parser)
    # bittensor 10 reads the command line into a Config only when told to (BT_NO_PARSE_CLI_ARGS=false).
    os.environ.setdefault("BT_NO_PARSE_CLI_ARGS", "false")
    return bt.Config(parser)


class Miner:
    def __init__(self, config: bt.Config) -> None:
        self.config = config
        bt.logging(config=config)
        self.wallet = bt.Wallet(config=config)
        self.subtensor = bt.Subtensor(config=config)
        self.metagraph = self.subtensor.metagraph(config.netuid)
        hotkey = self.wallet.hotkey.ss58_address
        if hotkey not in self.metagraph.hotkeys:
            bt.logging.error(f"Hotkey {hotkey} is not registered on subnet {config.netuid}: register it first "
                             f"(`btcli subnets register --netuid {config.netuid} ...`).")
            sys.exit(1)
        self.uid = self.metagraph.hotkeys.index(hotkey)
        self.axon = bt.Axon(wallet=self.wallet, config=config)
        self.axon.attach(forward_fn=self.forward, blacklist_fn=self.blacklist, priority_fn=self.priority)
        self.running = True

    async def forward(self, synapse: Sum) -> Sum:
        synapse.total = synapse.a + synapse.b
        bt.logging.debug(f"answered {synapse.a} + {synapse.b} = {synapse.total}")
        return synapse

    # the SDK's Axon.attach compares this signature with typing.Tuple[bool, str] exactly
    async def blacklist(self, synapse: Sum) -> typing.Tuple[bool, str]:  # noqa: UP006
        caller = synapse.dendrite.hotkey
        if caller not in self.metagraph.hotkeys:
            return True, "Unrecognized hotkey"
        uid = self.metagraph.hotkeys.index(caller)
        if self.config.blacklist.force_validator_permit and not self.metagraph.validator_permit[uid]:
            return True, "Non-validator hotkey"
        return False, "Hotkey recognized"

    async def priority(self, synapse: Sum) -> float:
        caller = synapse.dendrite.hotkey
        if caller not in self.metagraph.hotkeys:
            return 0.0
        return float(self.metagraph.S[self.metagraph.hotkeys.index(caller)])

    def run(self) -> None:
        response = self.subtensor.serve_axon(netuid=self.config.netuid, axon=self.axon)
        if not response.success:
            bt.logging.error(f"serve_axon failed: {response.message}")
            sys.exit(1)
        self.axon.start()
        bt.logging.info(f"Miner uid {self.uid} serving {self.axon.external_ip}:{self.axon.external_port} "
                        f"on subnet {self.config.netuid}")
        while self.running:
            time.sleep(self.config.neuron.sync_every)
            if not self.running:
                break
            self.metagraph.sync(subtensor=self.subtensor)
            bt.logging.info(f"block {self.metagraph.block.item()} | incentive "
                            f"{float(self.metagraph.I[self.uid]):.4f} | emission {float(self.metagraph.E[self.uid]):.4f}")
        self.axon.stop()
        self.subtensor.close()

    def stop(self, *_: object) -> None:
        self.running = False


if __name__ == "__main__":
    miner = Miner(get_config())
    signal.signal(signal.SIGTERM, miner.stop)
    signal.signal(signal.SIGINT, miner.stop)
    miner.run()
