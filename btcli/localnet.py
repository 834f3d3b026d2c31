"""`btcli localnet`: a dev node with a demo subnet, miners and validators, in one idempotent call.

`up` runs these steps, each of which reads what is there and does only what is missing, so it
finishes whatever an interrupted `up` left undone:
 1. a detached dev node in its own data dir (`~/.bittensor/taonet/localnet` by default; Ctrl-C
    before it answers stops it), then a wait until what an earlier, killed `up` sent has landed;
 2. wallets (unencrypted: it is a dev network): `localnet` owns the subnet, and each miner and
    validator has its own coldkey (`localnet-miner0`, …), so their incentive is theirs, not recycled;
 3. a subnet named `localnet-<subnet>` owned by `localnet`, funded from //Alice, started, with fast
    demo hyperparameters set through the sudo key (//Alice on the dev chain);
 4. each neuron's coldkey funded from a dev account, its hotkey funded for its fees, registered, and
    each validator staked (`btcli.localnet_chain`);
 5. the miners (the subnet may vary their options, e.g. one bad miner) and validators, hosted and
    supervised by the node.
Ctrl-C stops `up`, never the node: the error says what is left running and how to finish or stop it.
Knows nothing of Typer or Rich: progress goes to a callback.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from btcli.localnet_chain import WALLET

DEFAULT_DATA_DIR = "~/.bittensor/taonet/localnet"


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

    @property
    def subnet_name(self) -> str:
        label = Path(self.subnet).stem if self.subnet.endswith(".py") else self.subnet
        return f"localnet-{label}"[:64]

    def command(self, verb: str) -> str:
        """`btcli localnet <verb>` with this plan's options that differ from the defaults (`up` takes
        them all, `status` and `down` only the data dir), so a line a message suggests acts on this
        localnet and, for `up`, brings it up with the same settings."""
        import shlex

        default, words = Plan(), ["btcli", "localnet", verb]
        for name, flag in (_FLAGS if verb == "up" else {"data_dir": "--data-dir"}).items():
            value = getattr(self, name)
            if value != getattr(default, name):
                words += [flag] if isinstance(value, bool) else [flag, str(value)]
        return shlex.join(words)

    def hyperparameters(self) -> dict[str, Any]:
        """Demo settings: epochs every `tempo` blocks, weights every few blocks, no long immunity, and
        axons re-published at once when a restarted miner gets a new port."""
        return {"tempo": self.tempo, "weights_rate_limit": max(1, self.tempo // 4), "serving_rate_limit": 0,
                "commit_reveal_weights_enabled": self.commit_reveal, "immunity_period": self.tempo * 4,
                "activity_cutoff": max(100, self.tempo * 20)}


_FLAGS = {"subnet": "--subnet", "miners": "--miners", "validators": "--validators", "block_time": "--block-time",
          "tempo": "--tempo", "data_dir": "--data-dir", "rpc_port": "--rpc-port", "wallet_path": "--wallet-path",
          "commit_reveal": "--commit-reveal"}  # Plan field -> `localnet up` option (a bool is on when it differs)


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


class LocalnetError(ValueError):
    """`localnet up` cannot go on (the message says why and what to do)."""


class Interrupted(LocalnetError):
    """Ctrl-C during `up`: what is left running and how to finish or stop it."""

    exit_code = 130


def hotkey_names(plan: Plan) -> tuple[list[str], list[str]]:
    return [f"validator{i}" for i in range(plan.validators)], [f"miner{i}" for i in range(plan.miners)]


def ensure_node(plan: Plan, report: Report, progress: Progress) -> str:
    from node.paths import running_pid
    from node.process import serving_url, start_detached

    folder = plan.folder
    url = serving_url(folder)
    if url is not None:
        report.steps.append(f"node already running (pid {running_pid(folder)})")
        return url
    progress("Starting the dev node…")
    info = start_detached(folder, None, "127.0.0.1", plan.rpc_port, plan.block_time)
    report.steps.append(f"node started (pid {info['pid']})")
    return info["rpc_url"]


def miner_options(plan: Plan, index: int) -> dict[str, str]:
    """Options for miner `index`: the subnet's `localnet_miner_options(index, count)` if it has one."""
    from subnets.registry import load

    hook = getattr(load(plan.subnet).module, "localnet_miner_options", None)
    if hook is not None:
        return {k: str(v) for k, v in hook(index, plan.miners).items()}
    return {"bad": "true"} if plan.miners > 1 and index == plan.miners - 1 else {}


def ensure_processes(rpc: Any, plan: Plan, netuid: int, neurons: list[Any], report: Report) -> None:
    """Start each planned process; replace one whose spec changed; stop localnet ones not planned."""
    from client import hosting
    from client.errors import RpcError

    token = hosting.admin_token(plan.folder)
    wallet_path = str(Path(plan.wallet_path).expanduser())
    miners = [n for n in neurons if n.role == "miner"]
    specs = [hosting.process_spec("miner", netuid, n.wallet, "default", wallet_path, plan.subnet, options=miner_options(plan, i))
             for i, n in enumerate(miners)]
    specs += [hosting.process_spec("validator", netuid, n.wallet, "default", wallet_path, plan.subnet,
                                   options={"round_interval": "2"}) for n in neurons if n.role == "validator"]
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


def check_requirements(plan: Plan) -> None:
    """Refuse a subnet whose miners or validators cannot run here (e.g. charlm without torch)."""
    from subnets.registry import load

    subnet = load(plan.subnet)
    for role in ("miner", "validator"):
        missing = subnet.neuron_class(role).missing_requirements()
        if missing:
            raise LocalnetError(f"subnet {plan.subnet!r} cannot run here: {missing}")


def _bring_up(plan: Plan, report: Report, progress: Progress) -> None:
    from btcli import localnet_chain as steps
    from client.taonet import TaonetBackend

    report.rpc_url = url = ensure_node(plan, report, progress)
    rpc = TaonetBackend(url)
    progress("Preparing the wallets…")
    validators, miners = hotkey_names(plan)
    owner, owner_hotkey, neurons = steps.ensure_wallets(plan.wallet_path, validators, miners, report)
    steps.settle(rpc, [owner, *(n.coldkey for n in neurons)], timeout=max(10.0, 6 * plan.block_time))
    progress("Funding and starting the subnet…")
    report.netuid = steps.ensure_subnet(rpc, plan.subnet_name, owner, owner_hotkey, plan.hyperparameters(), report)
    progress("Funding and registering the miners and validators…")
    steps.ensure_neurons(rpc, report.netuid, neurons, report)
    report.neurons = [{"name": n.name, "role": n.role, "wallet": n.wallet, "coldkey": n.coldkey.ss58_address,
                       "hotkey": n.hotkey.ss58_address} for n in neurons]
    progress("Starting miners and validators…")
    ensure_processes(rpc, plan, report.netuid, neurons, report)


def interrupted_message(plan: Plan) -> str:
    """What Ctrl-C left behind, and what to run next."""
    from node.paths import node_info, running_pid

    if running_pid(plan.folder) is None:
        return "interrupted before the node started: nothing is left running"
    info = node_info(plan.folder) or {}
    return (f"interrupted: the localnet node is still running (pid {info.get('pid')}, {info.get('rpc_url')}, data in "
            f"{plan.folder}), with whatever it already hosts; run `{plan.command('up')}` again to finish what is "
            f"missing, or `{plan.command('down')}` to stop it")


def up(plan: Plan, progress: Progress = lambda _msg: None) -> Report:
    """Bring the localnet up (or complete it); every step does only what is missing."""
    check_requirements(plan)  # an unknown subnet, or one this Python cannot run, fails before anything starts
    report = Report(data_dir=str(plan.folder))
    try:
        _bring_up(plan, report, progress)
    except KeyboardInterrupt:
        raise Interrupted(interrupted_message(plan)) from None
    return report


def status(plan: Plan) -> dict[str, Any]:
    """Node, subnet and hosted processes of the localnet (no changes)."""
    from client import hosting, subnets
    from client.taonet import TaonetBackend
    from node.paths import running_pid
    from node.process import serving_url

    folder = plan.folder
    url = serving_url(folder)
    if url is None:
        return {"running": False, "data_dir": str(folder)}
    rpc = TaonetBackend(url)
    mine = [s for s in subnets.subnets(rpc)["subnets"] if str(s.get("name", "")).startswith("localnet-")]
    procs = hosting.processes(rpc, hosting.admin_token(folder))["processes"]
    return {"running": True, "data_dir": str(folder), "rpc_url": url, "pid": running_pid(folder),
            "subnets": mine, "processes": procs}


def down(plan: Plan, purge: bool = False) -> dict[str, Any]:
    """Stop the node (it stops its miners and validators); with `purge`, delete its data dir."""
    import shutil

    from node.paths import DataDirLock, running_pid
    from node.process import stop_node

    folder = plan.folder
    result: dict[str, Any] = {"stopped": False, "purged": False, "data_dir": str(folder)}
    if running_pid(folder) is not None:
        result.update(stop_node(folder))
    if purge and folder.exists():
        lock = DataDirLock(folder).acquire(wait=0)  # as `node purge`: no node may start in it meanwhile
        try:
            shutil.rmtree(folder)
        finally:
            lock.release()
        result["purged"] = True
    return result
