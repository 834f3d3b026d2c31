"""A validator written with the bittensor SDK only (10.5): it asks miners for sums, scores the
answers and sets weights on chain.

The shape of the subnet template's neurons/validator.py: bittensor config flags, a registration
check, a Dendrite, a loop that syncs the metagraph, queries the miners' axons, keeps a moving
average of their scores and calls `Subtensor.set_weights` when the rate limit allows. It knows
nothing of taonet: point it at any subtensor endpoint.

    python validator.py --netuid 2 --subtensor.network ws://127.0.0.1:9944 \
        --wallet.name validator --wallet.hotkey default
"""
import argparse
import os
import random
import signal
import sys
import time

import bittensor as bt
import numpy as np
from protocol import Sum


def get_config() -> bt.Config:
    parser = argparse.ArgumentParser(description="Example validator: checks the miners' sums.")
    parser.add_argument("--netuid", type=int, required=True, help="The subnet to validate on.")
    parser.add_argument("--neuron.timeout", type=float, default=5.0, help="Seconds to wait for a miner's answer.")
    parser.add_argument("--neuron.round_interval", type=float, default=2.0, help="Seconds between query rounds.")
    parser.add_argument("--neuron.moving_average_alpha", type=float, default=0.3,
                        help="Weight of the newest round in each miner's score.")
    bt.Subtensor.add_args(parser)
    bt.Wallet.add_args(parser)
    bt.logging.add_args(parser)
    # bittensor 10 reads the command line into a Config only when told to (BT_NO_PARSE_CLI_ARGS=false).
    os.environ.setdefault("BT_NO_PARSE_CLI_ARGS", "false")
    return bt.Config(parser)


class Validator:
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
        self.dendrite = bt.Dendrite(wallet=self.wallet)
        self.scores = np.zeros(int(self.metagraph.n), dtype=np.float32)
        self.running = True

    def miner_uids(self) -> list:
        """Every other uid that serves an axon."""
        return [uid for uid in range(int(self.metagraph.n))
                if uid != self.uid and self.metagraph.axons[uid].is_serving]

    def query(self, uids: list) -> np.ndarray:
        a, b = random.randint(0, 10**6), random.randint(0, 10**6)
        answers = self.dendrite.query(axons=[self.metagraph.axons[uid] for uid in uids], synapse=Sum(a=a, b=b),
                                      timeout=self.config.neuron.timeout, deserialize=True)
        if not isinstance(answers, list):
            answers = [answers]  # older SDKs hand back a bare answer for a single axon
        rewards = np.array([1.0 if answer == a + b else 0.0 for answer in answers], dtype=np.float32)
        bt.logging.info(f"asked {a} + {b}: uids {uids} answered {answers} -> rewards {rewards.tolist()}")
        return rewards

    def update_scores(self, uids: list, rewards: np.ndarray) -> None:
        n = int(self.metagraph.n)
        if self.scores.shape[0] < n:  # new registrations since the last round
            self.scores = np.concatenate([self.scores, np.zeros(n - self.scores.shape[0], dtype=np.float32)])
        alpha = self.config.neuron.moving_average_alpha
        for uid, reward in zip(uids, rewards):
            self.scores[uid] = alpha * reward + (1 - alpha) * self.scores[uid]

    def set_weights(self) -> None:
        total = float(self.scores.sum())
        if total <= 0:
            return
        uids = list(range(self.scores.shape[0]))
        weights = (self.scores / total).tolist()
        response = self.subtensor.set_weights(wallet=self.wallet, netuid=self.config.netuid, uids=uids,
                                              weights=weights, wait_for_inclusion=True,
                                              wait_for_finalization=False)
        if response.success:
            bt.logging.info(f"set weights {[round(w, 3) for w in weights]}")
        else:
            bt.logging.debug(f"weights not set yet: {response.message}")

    def run(self) -> None:
        bt.logging.info(f"Validator uid {self.uid} on subnet {self.config.netuid}")
        while self.running:
            self.metagraph.sync(subtensor=self.subtensor)
            uids = self.miner_uids()
            if uids:
                self.update_scores(uids, self.query(uids))
                self.set_weights()
            else:
                bt.logging.info("no miner serves an axon yet")
            time.sleep(self.config.neuron.round_interval)
        self.subtensor.close()

    def stop(self, *_: object) -> None:
        self.running = False


if __name__ == "__main__":
    validator = Validator(get_config())
    signal.signal(signal.SIGTERM, validator.stop)
    signal.signal(signal.SIGINT, validator.stop)
    validator.run()
