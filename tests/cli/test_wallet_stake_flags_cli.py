"""The real btcli 9.23.2's listing and bulk-stake flags against one dev node, with their effect
checked on chain: `wallet balance --sort`, `wallet overview --all --include-hotkeys/--exclude-hotkeys
--netuids --sort-by --sort-order`, `stake remove --all` (one unstake_all per hotkey, as the real btcli
signs it), `--unstake-all-alpha` (alpha sold on every subnet but root and restaked on root, the chain's
unstake_all_alpha) and `--all-hotkeys --exclude-hotkeys`."""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.cli.helpers import json_of
from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("stake-flags-cli")
    home = root / "home"
    home.mkdir()
    node = NodeProcess(root / "chain", block_time=0.1)
    environ = {**os.environ, "HOME": str(home), "TAONET_CONFIG": str(home / "config.json"),
               "XDG_DATA_HOME": str(home / ".local" / "share")}
    wallets = str(root / "wallets")
    net = ("--network", node.url)

    def run(*args: str, code: int = 0, offline: bool = False):
        done = subprocess.run(btcli_exe() + list(args) + [*(() if offline else net), "--json-output"], check=False, env=environ,
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        return json_of(done, code)

    alice, bob = ("--wallet-name", "alice", "-p", wallets), ("--wallet-name", "Bob", "-p", wallets)
    for who, uri in ((alice, "//Alice"), (bob, "//Bob")):
        run("wallet", "create", *who, "--uri", uri, "--no-use-password", offline=True)
    for hk in ("miner1", "miner2"):
        run("wallet", "new-hotkey", *alice, "--hotkey", hk, "--no-use-password", offline=True)
    run("subnets", "create", *alice, "--subnet-name", "one", "-y")
    run("subnets", "create", *alice, "--subnet-name", "two", "-y")
    for n in ("1", "2"):
        run("subnets", "start", "--netuid", n, *alice, "-y")
        for hk in ("miner1", "miner2"):
            run("subnets", "register", "--netuid", n, *alice, "--hotkey", hk, "-y")
    yield type("Env", (), {"node": node, "run": run, "alice": alice, "bob": bob})
    node.stop()


def _alpha(env, hotkey_name: str, netuid: int) -> int:
    stakes = env.run("stake", "list", *env.alice)["stakes"]
    return sum(s["alpha_rao"] for s in stakes if s["hotkey_label"] == hotkey_name and s["netuid"] == netuid)


def test_balance_sort_and_overview_flags(env):
    by_name = env.run("wallet", "balance", "--all", "-p", env.alice[-1], "--sort", "name")
    assert list(by_name["balances"]) == ["alice", "Bob"]  # A→Z, case-insensitive
    by_free = env.run("wallet", "balance", "--all", "-p", env.alice[-1], "--sort", "free")
    frees = [b["free"] for b in by_free["balances"].values()]
    assert frees == sorted(frees, reverse=True)
    assert "--sort 'size'" in env.run("wallet", "balance", *env.alice, "--sort", "size", code=2)["error"]

    every = env.run("wallet", "overview", *env.alice)
    assert {(s["netuid"], n["hotkey"]) for s in every["subnets"] for n in s["neurons"]} >= {
        (1, "miner1"), (1, "miner2"), (2, "miner1"), (2, "miner2")}
    assert set(every["subnets"][0]["neurons"][0]) == {
        "coldkey", "hotkey", "uid", "active", "stake", "rank", "trust", "consensus", "incentive", "dividends",
        "emission", "validator_trust", "validator_permit", "last_update", "axon", "hotkey_ss58"}
    only = env.run("wallet", "overview", *env.alice, "--netuids", "2", "--include-hotkeys", "miner1,miner2",
                   "--sort-by", "uid", "--sort-order", "desc")
    assert [s["netuid"] for s in only["subnets"]] == [2]
    uids = [n["uid"] for n in only["subnets"][0]["neurons"]]
    assert uids == sorted(uids, reverse=True) and len(uids) == 2
    assert {h["name"] for h in only["hotkeys"]} == {"miner1", "miner2"}
    less = env.run("wallet", "overview", *env.alice, "-ex", "miner2")
    assert "miner2" not in {h["name"] for h in less["hotkeys"]}
    everyone = env.run("wallet", "overview", "--all", "-p", env.alice[-1])
    assert everyone["wallet"] == "All" and {c["wallet"] for c in everyone["coldkeys"]} == {"alice", "Bob"}
    assert "not both" in env.run("wallet", "overview", *env.alice, "-in", "miner1", "-ex", "miner2", code=2)["error"]
    assert "--sort-by 'color'" in env.run("wallet", "overview", *env.alice, "--sort-by", "color", code=2)["error"]


def test_remove_all_and_all_alpha_as_the_real_btcli(env):
    for hk in ("miner1", "miner2"):
        env.run("stake", "add", *env.alice, "--hotkey", hk, "--netuid", "1", "--netuid", "2", "--amount", "5",
                "--unsafe", "-y")
    env.run("stake", "add", *env.alice, "--hotkey", "miner1", "--netuid", "0", "--amount", "2", "-y")
    root0 = _alpha(env, "miner1", 0)
    # --unstake-all-alpha: one unstake_all_alpha for miner1; its alpha on 1 and 2 becomes root stake
    done = env.run("stake", "remove", *env.alice, "--hotkey", "miner1", "--unstake-all-alpha", "-y")
    (row,) = done["results"]
    assert row["status"] == "success" and row["netuid"] is None and row["received"] > 9
    assert _alpha(env, "miner1", 1) == _alpha(env, "miner1", 2) == 0
    assert _alpha(env, "miner1", 0) == root0 + round(row["received"] * 1e9)
    assert _alpha(env, "miner2", 1) > 0, "another hotkey is left alone"
    assert "drop --netuid" in env.run("stake", "remove", *env.alice, "--unstake-all-alpha", "--netuid", "1", "-y",
                                      code=2)["error"]
    nothing = env.run("stake", "remove", *env.alice, "--hotkey", "miner1", "--unstake-all-alpha", "-y", code=1)
    assert "nothing to unstake" in nothing["error"]
    # --all --all-hotkeys less miner1: one unstake_all for every other hotkey holding stake
    before = env.run("wallet", "balance", *env.alice)["balances"]["alice"]["free"]
    bulk = env.run("stake", "remove", *env.alice, "--all", "--all-hotkeys", "-ex", "miner1", "-y")
    sold = {r["hotkey_label"]: r for r in bulk["results"]}
    assert sold["miner2"]["status"] == "success" and sold["miner2"]["received"] > 9
    assert _alpha(env, "miner2", 1) == _alpha(env, "miner2", 2) == 0
    assert _alpha(env, "miner1", 0) > 0, "the excluded hotkey keeps its stake"
    assert env.run("wallet", "balance", *env.alice)["balances"]["alice"]["free"] > before + 9
