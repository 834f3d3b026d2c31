"""The `btcli` of the real `bittensor==11.3.0` (its own venv) against one taonet dev node.

One `btcli node start --dev` (a real subprocess on a free port, its own data dir and HOME) serves
the module. taonet's own btcli (over the node's http URL) makes subnet 1 with //Alice, sets its
tempo out of reach (no epoch moves stakes while the module runs) and registers //Bob's hotkey; the 11.3 CLI gets a wallet for
//Alice through its own `wallet regen-coldkey/regen-hotkey` and then runs, in order, `subnets
list`, `subnets show`, `query metagraph`, `tx transfer`, `tx add-stake --no-mev-shield` and
`wallet balance` over ws://127.0.0.1:PORT. Each exits 0 and agrees with taonet's own
`btcli --json-output` about the same state: exactly for what only a transaction changes (free
balances, alpha stakes, owners, neurons, tempo), and between the readings taken just before and
just after it for what moves every block (prices, the registration burn: emission and burn decay
run each block).

The 11.3 CLI is told `--fallback-endpoints none --archive-endpoints none`, and a sitecustomize put
on its PYTHONPATH refuses (and records) any connection or name lookup beyond loopback: the test
fails if it tried one.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import btcli_exe
from tests.interop.conftest import real_venv
from tests.node.fixtures import free_port, wait_for
from wallet.keypair import Keypair

pytestmark = [pytest.mark.interop, pytest.mark.slow]

RAO = 10**9
ALICE = Keypair.from_uri("//Alice").ss58_address
BOB = Keypair.from_uri("//Bob").ss58_address
ALICE_SEED = "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a"
"""//Alice's mini-secret (the public Substrate dev key), what the 11.3 CLI's `regen-coldkey --seed` takes."""

LOOPBACK_ONLY = r'''
import ipaddress, os, socket

def _refuse(host):
    with open(os.environ["TAONET_TEST_OUTSIDE_LOG"], "a") as log:
        log.write(f"{host}\n")
    raise OSError(f"interop test: no connection beyond loopback ({host})")

def _loopback(host):
    host = str(host).split("%")[0]
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

def _checked(address):
    if isinstance(address, tuple) and not _loopback(address[0]):
        _refuse(address[0])

_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo
def _guarded_connect(self, address):
    _checked(address)
    return _connect(self, address)
def _guarded_connect_ex(self, address):
    _checked(address)
    return _connect_ex(self, address)
def _guarded_getaddrinfo(host, *args, **kwargs):
    if host is not None and not _loopback(host.decode() if isinstance(host, bytes) else host):
        _refuse(host)
    return _getaddrinfo(host, *args, **kwargs)
socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = (
    _guarded_connect, _guarded_connect_ex, _guarded_getaddrinfo)
'''


class Bench:
    """The node, taonet's btcli and the 11.3 btcli, each a subprocess with the module's HOME."""

    def __init__(self, root: Path, bt11: Path) -> None:
        self.root = root
        self.home = root / "home"
        self.home.mkdir()
        guard = root / "guard"
        guard.mkdir()
        (guard / "sitecustomize.py").write_text(LOOPBACK_ONLY)
        self.outside_log = root / "outside.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("BT_") and k not in ("PYTHONPATH", "PYTHONHOME")}
        self.env = dict(env, HOME=str(self.home), TAONET_CONFIG=str(self.home / "config.json"),
                        XDG_DATA_HOME=str(self.home / ".local" / "share"), COLUMNS="200", NO_COLOR="1")
        self.env11 = dict(self.env, PYTHONPATH=str(guard), TAONET_TEST_OUTSIDE_LOG=str(self.outside_log))
        self.bt11_exe = bt11
        self.wallets11 = root / "wallets-bt11"
        self.ours = ("-p", str(root / "wallets-taonet"), "--name", "alice")
        self.bob = ("-p", str(root / "wallets-taonet"), "--name", "bob")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws = f"ws://127.0.0.1:{self.port}"
        self.data = root / "chain"
        self.log = open(root / "node.log", "ab")  # noqa: SIM115 - the node's output until stop()
        self.proc = subprocess.Popen(
            [*btcli_exe(), "node", "start", "--dev", "--data-dir", str(self.data), "--rpc-port", str(self.port),
             "--quiet"], stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env)
        wait_for(self._ready, timeout=60, interval=0.05, what="the taonet dev node")

    def _ready(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"the node exited with {self.proc.returncode}: {(self.root / 'node.log').read_text()}")
        try:
            if json.loads((self.data / "node.json").read_text()).get("pid") != self.proc.pid:
                return False
        except (OSError, ValueError):
            return False
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()

    def taonet(self, *args: str, network: bool = True) -> Any:
        """taonet's own btcli with --json-output (over the node's http URL): its JSON."""
        cmd = [*btcli_exe(), *args, *(("--network", self.url) if network else ()), "--json-output"]
        done = subprocess.run(cmd, env=self.env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
                              check=False)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stdout, done.stderr)
        return json.loads(done.stdout)

    def bt11(self, *args: str, code: int = 0) -> Any:
        """The 11.3 btcli with --json over ws://, public endpoints off, the //Alice wallet: its JSON
        (after checking its exit code; a failure's JSON is on stderr)."""
        cmd = [str(self.bt11_exe), *args, "--network", self.ws, "--fallback-endpoints", "none", "--archive-endpoints",
               "none", "--wallet-path", str(self.wallets11), "--wallet", "alice", "--json"]
        done = subprocess.run(cmd, env=self.env11, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=120, check=False)
        assert done.returncode == code and "Traceback" not in done.stderr, (args, done.stdout, done.stderr)
        assert not self.outside_log.exists(), f"the 11.3 CLI reached beyond loopback: {self.outside_log.read_text()}"
        return json.loads(done.stdout if code == 0 else done.stderr)

    def free(self, address: str) -> int:
        """The free balance (rao) taonet's `wallet balance --ss58` reports."""
        balances = self.taonet("wallet", "balance", "--ss58", address)["balances"]
        (row,) = balances.values()
        return round(row["free"] * RAO)

    def subnets(self) -> dict[int, dict]:
        return {s["netuid"]: s for s in self.taonet("subnets", "list")["subnets"]}

    def alpha(self) -> dict[tuple[str, int], int]:
        """Alice's alpha stakes (rao) per (hotkey, netuid), from taonet's `stake list`."""
        return {(s["hotkey"], s["netuid"]): s["alpha_rao"] for s in self.taonet("stake", "list", *self.ours)["stakes"]}


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    python = real_venv("bittensor-11.3.0", "bittensor==11.3.0")
    started = time.monotonic()
    b = Bench(tmp_path_factory.mktemp("bt11-cli"), python.with_name("btcli"))
    try:
        made = b.taonet("wallet", "create", *b.ours, "--uri", "//Alice", "--no-use-password", network=False)
        assert made["keys"][0]["ss58_address"] == ALICE
        assert b.taonet("subnets", "create", *b.ours, "--subnet-name", "demo", "-y")["netuid"] == 1
        b.taonet("subnets", "start", *b.ours, "--netuid", "1", "-y")
        b.taonet("sudo", "set", *b.ours, "--netuid", "1", "--param", "tempo", "--value", "60000", "-y")
        b.taonet("wallet", "create", *b.bob, "--uri", "//Bob", "--no-use-password", network=False)
        assert b.taonet("subnets", "register", *b.bob, "--netuid", "1", "-y")["uid"] == 1
        yield b
    finally:
        b.stop()
        print(f"\nbt11 CLI module: {time.monotonic() - started:.1f} s with the node")


def within(value: float, before: float, after: float, slack: float = 1e-9) -> bool:
    low, high = min(before, after), max(before, after)
    return low * (1 - slack) - slack <= value <= high * (1 + slack) + slack


def test_the_11_3_cli_makes_a_wallet_for_alice(bench):
    assert Keypair.from_seed(ALICE_SEED).ss58_address == ALICE
    for kind in ("regen-coldkey", "regen-hotkey"):
        made = bench.bt11("wallet", kind, "--seed", ALICE_SEED, *(("--no-password",) if kind == "regen-coldkey" else ()))
        assert made["ss58"] == ALICE


def test_subnets_list(bench):
    before = bench.subnets()
    theirs = {s["netuid"]: s for s in bench.bt11("subnets", "list")}
    after = bench.subnets()
    assert set(theirs) == set(before) == {0, 1}
    for netuid, s in theirs.items():
        ours = after[netuid]
        assert s["name"] == ours["name"]
        assert (s["tempo"], s["neurons"], s["max_neurons"]) == (ours["tempo"], ours["neurons"], ours["max_allowed_uids"])
        assert within(s["burn_tao"], before[netuid]["burn"] / RAO, ours["burn"] / RAO)
    assert theirs[1]["tempo"] == 60000 and theirs[1]["neurons"] == 2
    assert within(theirs[1]["price_tao_per_alpha"], before[1]["price"], after[1]["price"], slack=1e-6)
    # the 11.3 CLI counts 7200 blocks a day (12 s blocks) whatever the chain's block time
    assert within(theirs[1]["emission_tao_per_day"], before[1]["tao_emission"] * 7200 / RAO,
                  after[1]["tao_emission"] * 7200 / RAO)
    assert theirs[0]["price_tao_per_alpha"] is None


def test_subnets_show(bench):
    shown = bench.bt11("subnets", "show", "1")
    ours = bench.taonet("subnets", "show", "--netuid", "1")
    s = ours["subnet"]
    assert (shown["netuid"], shown["name"], shown["owner_coldkey"], shown["owner_hotkey"]) == \
        (1, s["name"], s["owner_coldkey"], s["owner_hotkey"]) == (1, "demo", ALICE, ALICE)
    assert (shown["registered_at"], shown["tempo"], shown["neurons"], shown["max_neurons"]) == \
        (s["registered_at"], s["tempo"], ours["n"], s["max_allowed_uids"])


def test_query_metagraph(bench):
    graph = bench.bt11("query", "metagraph", "--netuid", "1")
    ours = bench.taonet("subnets", "show", "--netuid", "1")
    neurons, s = ours["neurons"], ours["subnet"]
    assert (graph["netuid"], graph["num_uids"], graph["max_uids"], graph["tempo"]) == \
        (1, len(neurons), s["max_allowed_uids"], s["tempo"])
    assert (graph["owner_hotkey"], graph["owner_coldkey"], graph["network_registered_at"]) == \
        (s["owner_hotkey"], s["owner_coldkey"], s["registered_at"])
    assert graph["hotkeys"] == [n["hotkey"] for n in neurons] and graph["coldkeys"] == [n["coldkey"] for n in neurons]
    assert graph["alpha_stake"] == [n["alpha_stake"] for n in neurons]
    assert graph["block_at_registration"] == [n["registered_at"] for n in neurons]
    assert graph["validator_permit"] == [n["validator_permit"] for n in neurons]
    assert graph["block"] <= ours["head"] and graph["hotkeys"] == [ALICE, BOB]


def test_tx_transfer(bench):
    alice, bob = bench.free(ALICE), bench.free(BOB)
    sent = bench.bt11("tx", "transfer", "--dest", BOB, "--amount", "1.5", "--yes")
    assert sent["success"] is True and sent["block_hash"].startswith("0x")
    assert bench.free(BOB) - bob == 1_500_000_000
    fee = alice - bench.free(ALICE) - 1_500_000_000
    assert fee == round(sent["fee_tao"] * RAO) and fee > 0


def test_tx_add_stake_without_mev_shield(bench):
    alice, stakes = bench.free(ALICE), bench.alpha()
    added = bench.bt11("tx", "add-stake", "--netuid", "1", "--amount", "2", "--no-mev-shield", "--yes")
    assert added["success"] is True
    fee = alice - bench.free(ALICE) - 2 * RAO
    assert fee == round(added["fee_tao"] * RAO) and fee > 0
    now = bench.alpha()
    assert set(now) == set(stakes) | {(ALICE, 1)}
    assert now[(ALICE, 1)] > stakes.get((ALICE, 1), 0)  # the wallet's hotkey (//Alice) on subnet 1


def test_wallet_balance(bench):
    before = bench.taonet("stake", "list", *bench.ours)
    balance = bench.bt11("wallet", "balance")
    after = bench.taonet("stake", "list", *bench.ours)
    assert balance["coldkey"] == ALICE
    assert round(balance["free_tao"] * RAO) == bench.free(ALICE)
    assert balance["stake_positions"] == len(after["stakes"]) == 1 and balance["stake_subnets"] == 1
    assert within(balance["stake_value_tao"], before["total_value"], after["total_value"], slack=1e-6)
    assert balance["locked_value_tao"] == 0 and balance["beta_value_tao"] == 0  # no stake locks, no root dividends
