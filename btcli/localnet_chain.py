"""The chain side of `btcli localnet up`: wallets, funds, the demo subnet, registrations, stake.

Every step reads the chain first and submits only what is missing, so `up` finishes whatever an
earlier, interrupted `up` left undone (a subnet created but not started, hyperparameters changed by
hand, a hotkey not yet registered). The subnet owner has its own wallet (`localnet`); each miner and
validator has its own coldkey too (wallet `localnet-<name>`, hotkey `default`), funded from the dev
accounts: the chain recycles the incentive of hotkeys owned by the subnet owner's coldkey, so demo
miners owned by it would earn nothing. Several extrinsics go into one block where they can.
Knows nothing of Typer or Rich.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from client.balance import RAO_PER_TAO as TAO  # rao per TAO

WALLET = "localnet"  # the subnet owner's wallet; the neurons' are f"{WALLET}-{name}"
OWNER_HOTKEY = "owner"
OWNER_FUNDS = 50_000 * TAO
HOTKEY_FUNDS = 10 * TAO  # a hotkey pays its own fees (a miner's serve_axon)
VALIDATOR_STAKE = 1_000 * TAO
FEE_MARGIN = 10 * TAO
SUDO = "//Alice"
DEV_FUNDERS = ("//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie")  # pay the neurons' coldkeys, in turn


@dataclass
class Neuron:
    """One demo miner or validator: its own coldkey and hotkey."""

    name: str  # miner0, validator1, …
    role: str
    coldkey: Any
    hotkey: Any

    @property
    def wallet(self) -> str:
        return f"{WALLET}-{self.name}"


def _dev(uri: str) -> Any:
    from wallet.keypair import Keypair

    return Keypair.from_uri(uri)


def submit_all(chain: Any, calls: list[tuple[Any, str, dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Sign each (signer, call, args) with consecutive nonces per signer, submit them together and
    wait for all; the events of each, in order. Any failure raises (after the others finished)."""

    if not calls:
        return []
    nonces: dict[str, int] = {}
    signed = []
    for pair, call, args in calls:
        address = pair.ss58_address
        nonces.setdefault(address, chain.next_nonce(address))
        signed.append(chain.sign(pair, call, args, nonce=nonces[address]))
        nonces[address] += 1
    with ThreadPoolExecutor(max_workers=min(16, len(signed))) as pool:
        outcomes = list(pool.map(chain.submit_and_wait, signed))
    return [chain.extrinsic_events(outcome) for outcome in outcomes]


def settle(chain: Any, signers: list[Any], timeout: float) -> None:
    """Wait until nothing `signers` sent is still in the pool (the dev accounts count too): an `up`
    killed right after submitting (say the subnet's creation) leaves it there, and the steps below
    must read its effect rather than do it twice. Raise LocalnetError past `timeout`."""
    from btcli.localnet import LocalnetError

    addresses = [k.ss58_address for k in signers] + [_dev(uri).ss58_address for uri in (SUDO, *DEV_FUNDERS)]
    deadline = time.monotonic() + timeout
    while True:
        waiting = [a.address for a in chain.accounts(addresses) if chain.next_nonce(a.address) > a.nonce]
        if not waiting:
            return
        if time.monotonic() > deadline:
            raise LocalnetError(f"{len(waiting)} account(s) of the localnet still have extrinsics waiting in the node's "
                                f"pool after {timeout:g}s (e.g. {waiting[0]}): try again in a moment")
        time.sleep(0.1)


def _keypair(wallet: Any, hotkey: str | None, created: list[str], label: str) -> Any:
    from wallet.keypair import Keypair
    from wallet.mnemonic import generate

    if hotkey is None:
        if not wallet.coldkey_file.exists():
            wallet.write_coldkey(Keypair.from_mnemonic(generate(12)), None)  # a dev network: unencrypted
            created.append(label)
        return wallet.coldkey(lambda _path: "")
    if not wallet.hotkey_file(hotkey).exists():
        wallet.write_hotkey(Keypair.from_mnemonic(generate(12)), None, hotkey=hotkey)
        created.append(label)
    return wallet.hotkey(hotkey=hotkey)


def ensure_wallets(wallet_path: str, validators: list[str], miners: list[str], report: Any) -> tuple[Any, Any, list[Neuron]]:
    """(owner coldkey, owner hotkey, neurons): created once, reused after."""
    from wallet.wallet import Wallet

    created: list[str] = []
    owner_wallet = Wallet(WALLET, OWNER_HOTKEY, wallet_path)
    owner = _keypair(owner_wallet, None, created, f"{WALLET} (owner)")
    owner_hotkey = _keypair(owner_wallet, OWNER_HOTKEY, created, f"{WALLET}/{OWNER_HOTKEY}")
    neurons = []
    for role, names in (("validator", validators), ("miner", miners)):
        for name in names:
            w = Wallet(f"{WALLET}-{name}", "default", wallet_path)
            coldkey = _keypair(w, None, created, w.name)
            neurons.append(Neuron(name, role, coldkey, _keypair(w, "default", created, f"{w.name}/default")))
    report.steps.append(f"created {len(created)} keys (the owner's wallet '{WALLET}' and one wallet per miner and "
                        f"validator, '{WALLET}-<name>')" if created else "wallets reused")
    return owner, owner_hotkey, neurons


def find_subnet(chain: Any, name: str, owner: Any) -> dict[str, Any] | None:
    from client import subnets

    return next((s for s in subnets.subnets(chain)["subnets"]
                 if s.get("name") == name and s.get("owner_coldkey") == owner.ss58_address), None)


def ensure_subnet(chain: Any, name: str, owner: Any, owner_hotkey: Any, hyperparameters: dict[str, Any],
                  report: Any) -> int:
    """The owner's subnet `name`: funded, created, started and set to the demo's hyperparameters,
    each only if the chain does not show it done already."""
    from client import subnets

    found = find_subnet(chain, name, owner)
    need = FEE_MARGIN + (0 if found else int(subnets.lock_cost(chain)["lock_cost"]))
    if chain.account(owner.ss58_address).free.rao < need:
        submit_all(chain, [(_dev(SUDO), "balances.transfer_keep_alive",
                            {"dest": owner.ss58_address, "value": max(OWNER_FUNDS, need)})])
        report.steps.append(f"funded the owner's coldkey with {max(OWNER_FUNDS, need) / TAO:,.0f} TAO from {SUDO}")
    if found is None:
        events = submit_all(chain, [(owner, "subtensor.register_network",
                                     {"hotkey": owner_hotkey.ss58_address, "subnet_name": name})])[0]
        netuid = int(next(e["data"]["netuid"] for e in events if e["name"] == "subtensor.NetworkAdded"))
        report.steps.append(f"subnet {netuid} ('{name}') created")
        found = {"netuid": netuid, "started": False}
    else:
        report.steps.append(f"subnet {found['netuid']} ('{name}') reused")
    netuid = int(found["netuid"])
    if not found.get("started"):
        submit_all(chain, [(owner, "subtensor.start_call", {"netuid": netuid})])
        report.steps.append(f"subnet {netuid} started")
    current = {r["name"]: r["raw"] for r in subnets.hyperparameters(chain, netuid)["hyperparameters"]}
    changes = {k: v for k, v in hyperparameters.items() if current.get(k) != v}
    sudo = _dev(SUDO)
    submit_all(chain, [(sudo, "sudo.sudo", {"call": {"call": "admin_utils.set_hyperparameter",
                                                     "args": {"netuid": netuid, "parameter": k, "value": v}}})
                       for k, v in changes.items()])
    if changes:
        report.steps.append("set " + ", ".join(f"{k}={v}" for k, v in changes.items()))
    return netuid


def _registered(chain: Any, netuid: int, neuron: Neuron) -> bool:
    from client import subnets

    return netuid in (subnets.hotkey_owner(chain, neuron.hotkey.ss58_address).get("netuids") or [])


def _staked(chain: Any, netuid: int, neuron: Neuron) -> bool:
    from client import staking

    stakes = staking.stake_info(chain, neuron.coldkey.ss58_address)["stakes"]
    return any(s["hotkey"] == neuron.hotkey.ss58_address and s["netuid"] == netuid and s.get("alpha", 0) > 0
               for s in stakes)


def ensure_neurons(chain: Any, netuid: int, neurons: list[Neuron], report: Any) -> None:
    """Each neuron's coldkey funded from a dev account for what it still has to pay (the burn, a
    validator's stake, its hotkey's fees), its hotkey funded, registered, and each validator staked."""
    from client import subnets

    burn = int(subnets.burn_cost(chain, netuid)["subnets"][0]["next_block_burn"])
    todo = [(n, not _registered(chain, netuid, n), n.role == "validator" and not _staked(chain, netuid, n))
            for n in neurons]
    burn *= 2 * max(1, sum(register for _, register, _ in todo))  # each registration in a block raises the burn
    hotkey_low = {n.name: a.free.rao < HOTKEY_FUNDS // 2
                  for n, a in zip(neurons, chain.accounts([n.hotkey.ss58_address for n in neurons]))}
    cold = chain.accounts([n.coldkey.ss58_address for n in neurons])
    funding = []
    for i, ((n, register, stake), account) in enumerate(zip(todo, cold)):
        need = FEE_MARGIN + burn * register + VALIDATOR_STAKE * stake + HOTKEY_FUNDS * hotkey_low[n.name]
        if account.free.rao < need:
            funding.append((_dev(DEV_FUNDERS[i % len(DEV_FUNDERS)]), "balances.transfer_keep_alive",
                            {"dest": n.coldkey.ss58_address, "value": need - account.free.rao}))
    submit_all(chain, funding)
    if funding:
        report.steps.append(f"funded {len(funding)} miner/validator coldkeys from the dev accounts")
    submit_all(chain, [(n.coldkey, "balances.transfer_keep_alive", {"dest": n.hotkey.ss58_address, "value": HOTKEY_FUNDS})
                       for n, *_ in todo if hotkey_low[n.name]])
    registering = [n for n, register, _ in todo if register]
    submit_all(chain, [(n.coldkey, "subtensor.burned_register", {"netuid": netuid, "hotkey": n.hotkey.ss58_address})
                       for n in registering])
    submit_all(chain, [(n.coldkey, "subtensor.add_stake", {"hotkey": n.hotkey.ss58_address, "netuid": netuid,
                                                           "amount_staked": VALIDATOR_STAKE}) for n, _, stake in todo if stake])
    report.steps.append(f"registered {', '.join(n.name for n in registering)}" if registering
                        else "every hotkey already registered")
