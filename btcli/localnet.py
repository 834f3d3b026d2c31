"""`btcli localnet`: a dev node with a demo subnet, miners and validators, in one idempotent call.

`up` runs these steps, each of which reuses what is already there:
 1. a detached dev node in its own data dir (`~/.bittensor/taonet/localnet` by default);
 2. a wallet `localnet` (unencrypted: it is a dev network) with a hotkey per miner and validator;
 3. TAO for it from the dev account //Alice, and a little for each hotkey (their own fees);
 4. a subnet named `localnet-<subnet>` owned by that wallet, started, with fast demo
    hyperparameters set through the sudo key (//Alice on the dev chain);
 5. every hotkey registered, each validator staked;
 6. the miners (the subnet may vary their options, e.g. one bad miner) and validators, hosted and
    supervised by the node.
Knows nothing of Typer or Rich: progress goes to a callback.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TAO = 10**9
DEFAULT_DATA_DIR = "~/.bittensor/taonet/localnet"
WALLET = "localnet"
OWNER_FUNDS = 50_000 * TAO
HOTKEY_FUNDS = 10 * TAO
VALIDATOR_STAKE = 1_000 * TAO


@dataclass
class Plan:
    subnet: str = "template"
    miners: int = 3
    validators: int = 2
    block_time: float = 0.5
    tempo: int = 20
    data_dir: str = DEFAULT_DATA_DIR
    rpc_port: int = 9944
    wallet_path: str = "~/.bittensor/wallets"
    commit_reveal: bool = False

    @property
    def folder(self) -> Path:
        return Path(self.data_dir).expanduser()

    def hyperparameters(self) -> dict[str, Any]:
        """Demo settings: epochs every `tempo` blocks, weights every few blocks, no long immunity, and
        axons re-published at once when a restarted miner gets a new port."""
        return {"tempo": self.tempo, "weights_rate_limit": max(1, self.tempo // 4), "serving_rate_limit": 0,
                "commit_reveal_weights_enabled": self.commit_reveal, "immunity_period": self.tempo * 4,
                "activity_cutoff": max(100, self.tempo * 20)}


@dataclass
class Report:
    rpc_url: str = ""
    data_dir: str = ""
    netuid: int | None = None
    wallet: str = WALLET
    steps: list[str] = field(default_factory=list)
    neurons: list[dict[str, Any]] = field(default_factory=list)
    processes: list[dict[str, Any]] = field(default_factory=list)


Progress = Callable[[str], None]


def hotkey_names(plan: Plan) -> tuple[list[str], list[str]]:
    return [f"validator{i}" for i in range(plan.validators)], [f"miner{i}" for i in range(plan.miners)]


def _alice():
    from wallet.keypair import Keypair

    return Keypair.from_uri("//Alice")


def _submit(chain: Any, pair: Any, call_name: str, /, **args: Any) -> list[dict[str, Any]]:
    from client.subnets import extrinsic_events

    return extrinsic_events(chain.client, chain.submit_and_wait(chain.sign(pair, call_name, args)))


def ensure_node(plan: Plan, report: Report, progress: Progress) -> str:
    from node.paths import node_info, running_pid
    from node.process import start_detached

    folder = plan.folder
    if running_pid(folder) is not None:
        info = node_info(folder) or {}
        report.steps.append(f"node already running (pid {info.get('pid')})")
        return info["rpc_url"]
    progress("Starting the dev node…")
    info = start_detached(folder, None, "127.0.0.1", plan.rpc_port, plan.block_time)
    report.steps.append(f"node started (pid {info['pid']})")
    return info["rpc_url"]


def ensure_wallet(plan: Plan, report: Report) -> tuple[Any, dict[str, Any]]:
    """The localnet coldkey and hotkeys (created once, reused after)."""
    from wallet.keypair import Keypair
    from wallet.mnemonic import generate
    from wallet.wallet import Wallet

    root = Wallet(WALLET, "default", plan.wallet_path)
    created = []
    if not root.coldkey_file.exists():
        root.write_coldkey(Keypair.from_mnemonic(generate(12)), None)
        created.append("coldkey")
    coldkey = root.coldkey(lambda _path: "")
    validators, miners = hotkey_names(plan)
    hotkeys = {}
    for name in validators + miners:
        w = Wallet(WALLET, name, plan.wallet_path)
        if not w.hotkey_file().exists():
            w.write_hotkey(Keypair.from_mnemonic(generate(12)), None)
            created.append(name)
        hotkeys[name] = w.hotkey()
    report.steps.append(f"wallet '{WALLET}': created {', '.join(created)}" if created else f"wallet '{WALLET}' reused")
    return coldkey, hotkeys


def ensure_funds(chain: Any, coldkey: Any, hotkeys: dict[str, Any], report: Report) -> None:
    alice = _alice()
    if chain.account(coldkey.ss58_address).free.rao < OWNER_FUNDS // 2:
        _submit(chain, alice, "balances.transfer_keep_alive", dest=coldkey.ss58_address, value=OWNER_FUNDS)
        report.steps.append(f"funded the coldkey with {OWNER_FUNDS // TAO} TAO from //Alice")
    for name, pair in hotkeys.items():
        if chain.account(pair.ss58_address).free.rao < HOTKEY_FUNDS // 2:
            _submit(chain, coldkey, "balances.transfer_keep_alive", dest=pair.ss58_address, value=HOTKEY_FUNDS)


def ensure_subnet(chain: Any, plan: Plan, coldkey: Any, owner_hotkey: Any, report: Report) -> int:
    from client import subnets

    label = Path(plan.subnet).stem if plan.subnet.endswith(".py") else plan.subnet
    name = f"localnet-{label}"[:64]
    for s in subnets.subnets(chain.client)["subnets"]:
        if s.get("name") == name and s.get("owner_coldkey") == coldkey.ss58_address:
            report.steps.append(f"subnet {s['netuid']} ('{name}') reused")
            return int(s["netuid"])
    events = _submit(chain, coldkey, "subtensor.register_network", hotkey=owner_hotkey.ss58_address, subnet_name=name)
    netuid = next(e["data"]["netuid"] for e in events if e["name"] == "subtensor.NetworkAdded")
    _submit(chain, coldkey, "subtensor.start_call", netuid=netuid)
    alice = _alice()
    for param, value in plan.hyperparameters().items():
        inner = {"call": "admin_utils.set_hyperparameter", "args": {"netuid": netuid, "parameter": param, "value": value}}
        _submit(chain, alice, "sudo.sudo", call=inner)
    report.steps.append(f"subnet {netuid} ('{name}') created and started; tempo {plan.tempo}")
    return int(netuid)


def ensure_registered(chain: Any, netuid: int, coldkey: Any, hotkeys: dict[str, Any], plan: Plan, report: Report) -> None:
    from client import subnets

    registered = []
    for name, pair in hotkeys.items():
        owner = subnets.hotkey_owner(chain.client, pair.ss58_address)
        if netuid in (owner.get("netuids") or []):
            continue
        _submit(chain, coldkey, "subtensor.burned_register", netuid=netuid, hotkey=pair.ss58_address)
        registered.append(name)
    validators, _ = hotkey_names(plan)
    from client import staking

    stakes = staking.stake_info(chain.client, coldkey.ss58_address)["stakes"]
    staked = {(s["hotkey"], s["netuid"]) for s in stakes if s.get("alpha", 0) > 0}
    for name in validators:
        if (hotkeys[name].ss58_address, netuid) not in staked:
            _submit(chain, coldkey, "subtensor.add_stake", hotkey=hotkeys[name].ss58_address, netuid=netuid,
                    amount_staked=VALIDATOR_STAKE)
    report.steps.append(f"registered {', '.join(registered)}" if registered else "every hotkey already registered")


def miner_options(plan: Plan, index: int) -> dict[str, str]:
    """Options for miner `index`: the subnet's `localnet_miner_options(index, count)` if it has one."""
    from subnets.registry import load

    hook = getattr(load(plan.subnet).module, "localnet_miner_options", None)
    if hook is not None:
        return {k: str(v) for k, v in hook(index, plan.miners).items()}
    return {"bad": "true"} if plan.miners > 1 and index == plan.miners - 1 else {}


def ensure_processes(rpc: Any, plan: Plan, netuid: int, report: Report) -> None:
    """Start each planned process; replace one whose spec changed; stop localnet ones not planned."""
    from client import hosting
    from client.errors import RpcError

    token = hosting.admin_token(plan.folder)
    validators, miners = hotkey_names(plan)
    wallet_path = str(Path(plan.wallet_path).expanduser())
    specs = [hosting.process_spec("miner", netuid, WALLET, name, wallet_path, plan.subnet, options=miner_options(plan, i))
             for i, name in enumerate(miners)]
    specs += [hosting.process_spec("validator", netuid, WALLET, name, wallet_path, plan.subnet,
                                   options={"round_interval": "2"}) for name in validators]
    wanted = set()
    for spec in specs:
        try:
            status = hosting.ensure_started(rpc, token, spec)
        except RpcError as exc:
            if "different process" not in str(exc):
                raise
            name = str(exc).split("named '", 1)[1].split("'", 1)[0]
            hosting.stop(rpc, token, name)
            status = hosting.start(rpc, token, spec)
            report.steps.append(f"restarted {name} with the new settings")
        wanted.add(status.get("name"))
    for proc in hosting.processes(rpc, token)["processes"]:
        name = proc.get("name", "")
        if f"-{netuid}-{WALLET}-" in name and name not in wanted and proc.get("state") not in ("stopped",):
            hosting.stop(rpc, token, name)
            report.steps.append(f"stopped {name} (not in this plan)")
    report.processes = [p for p in hosting.processes(rpc, token)["processes"] if p.get("name") in wanted]


class LocalnetError(ValueError):
    """`localnet up` cannot go on (the message says why and what to do)."""


def check_requirements(plan: Plan) -> None:
    """Refuse a subnet whose miners or validators cannot run here (e.g. charlm without torch)."""
    from subnets.registry import load

    subnet = load(plan.subnet)
    for role in ("miner", "validator"):
        missing = subnet.neuron_class(role).missing_requirements()
        if missing:
            raise LocalnetError(f"subnet {plan.subnet!r} cannot run here: {missing}")


def up(plan: Plan, progress: Progress = lambda _msg: None) -> Report:
    """Bring the localnet up (or complete it); every step reuses what exists."""
    from client.extrinsics import Chain
    from client.rpc import Client

    check_requirements(plan)  # an unknown subnet, or one this Python cannot run, fails before anything starts
    report = Report(data_dir=str(plan.folder))
    report.rpc_url = url = ensure_node(plan, report, progress)
    rpc = Client(url)
    chain = Chain(rpc)
    progress("Preparing the wallet…")
    coldkey, hotkeys = ensure_wallet(plan, report)
    progress("Funding, creating the subnet, registering…")
    ensure_funds(chain, coldkey, hotkeys, report)
    validators, _ = hotkey_names(plan)
    owner_hotkey = hotkeys[validators[0]] if validators else coldkey
    report.netuid = ensure_subnet(chain, plan, coldkey, owner_hotkey, report)
    ensure_registered(chain, report.netuid, coldkey, hotkeys, plan, report)
    progress("Starting miners and validators…")
    ensure_processes(rpc, plan, report.netuid, report)
    return report


def status(plan: Plan) -> dict[str, Any]:
    """Node, subnet and hosted processes of the localnet (no changes)."""
    from client import hosting, subnets
    from client.rpc import Client
    from node.paths import node_info, running_pid

    folder = plan.folder
    if running_pid(folder) is None:
        return {"running": False, "data_dir": str(folder)}
    info = node_info(folder) or {}
    rpc = Client(info["rpc_url"])
    mine = [s for s in subnets.subnets(rpc)["subnets"] if str(s.get("name", "")).startswith("localnet-")]
    procs = hosting.processes(rpc, hosting.admin_token(folder))["processes"]
    return {"running": True, "data_dir": str(folder), "rpc_url": info["rpc_url"], "pid": info.get("pid"),
            "subnets": mine, "processes": procs}


def down(plan: Plan, purge: bool = False) -> dict[str, Any]:
    """Stop the node (it stops its miners and validators); with `purge`, delete its data dir."""
    import shutil

    from node.paths import running_pid
    from node.process import stop_node

    folder = plan.folder
    result: dict[str, Any] = {"stopped": False, "purged": False, "data_dir": str(folder)}
    if running_pid(folder) is not None:
        result.update(stop_node(folder))
    if purge and folder.exists():
        shutil.rmtree(folder)
        result["purged"] = True
    return result
