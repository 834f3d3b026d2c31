"""A populated dev node for dashboard tests: Alice's wallet on disk, subnet 1 started with a short
tempo, two registered and staked hotkeys. Blocks come on demand (`node.produce_block()`), so
screens are deterministic apart from the wall clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from node.builder import dev_key
from node.extrinsic import parse, sign
from node.genesis import dev_spec
from node.service import BackgroundNode

RAO = 10**9
HOTKEYS = ("miner1", "miner2")


def make_wallet(path: Path, name: str = "alice", uri: str = "//Alice", password: str | None = None) -> dict[str, str]:
    """A wallet with coldkey `uri` (encrypted when `password`) and hotkeys miner1, miner2; their addresses."""
    from wallet.keypair import Keypair
    from wallet.wallet import Wallet

    w = Wallet(name, "default", str(path))
    cold = Keypair.from_uri(uri)
    w.write_coldkey(cold, password)
    out = {"coldkey": cold.ss58_address}
    for hk in HOTKEYS:
        pair = Keypair.from_uri(f"{uri}//{hk}")
        w.write_hotkey(pair, None, hotkey=hk)
        out[hk] = pair.ss58_address
    return out


def submit(node: BackgroundNode, who: Any, call: str, args: dict[str, Any]) -> None:
    chain = node.chain
    chain.submit(parse(sign(who, call, args, chain.next_nonce(who.ss58_address), chain.genesis_hash, 0)))


def populated_node(data_dir: Path, wallet_path: Path, tempo: int = 5,
                   password: str | None = None) -> tuple[BackgroundNode, dict[str, str]]:
    """The node (stop it!) and the wallet's addresses (the coldkey encrypted with `password`)."""
    keys = make_wallet(wallet_path, password=password)
    alice = dev_key("alice")
    node = BackgroundNode(data_dir, dev_spec(), block_time=None)
    submit(node, alice, "subtensor.register_network", {"hotkey": keys["miner1"], "subnet_name": "demo", "symbol": "D"})
    node.produce_block()
    submit(node, alice, "subtensor.start_call", {"netuid": 1})
    inner = {"call": "admin_utils.set_hyperparameter", "args": {"netuid": 1, "parameter": "tempo", "value": tempo}}
    submit(node, alice, "sudo.sudo", {"call": inner})
    submit(node, alice, "subtensor.burned_register", {"netuid": 1, "hotkey": keys["miner2"], "max_burn": 100 * RAO})
    node.produce_block()
    submit(node, alice, "subtensor.add_stake", {"hotkey": keys["miner1"], "netuid": 1, "amount_staked": 50 * RAO})
    node.produce_block()
    return node, keys
