"""`btcli sudo get-take | set-take` and `btcli stake claimable | set-claim | process-claim` against a
real dev node (subprocesses, real keys, pure JSON)."""
from __future__ import annotations

from tests.cli.helpers import json_of
from tests.node.fixtures import node_process, wait_for  # noqa: F401


def _setup(btcli, node, tmp_path):
    net = ("--network", node.url)
    wallets = str(tmp_path / "wallets")
    w = ("-p", wallets, "--name", "alice")
    bob = ("-p", wallets, "--name", "bob")

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net, "--json-output"), code)

    json_of(btcli("wallet", "create", *w, "--uri", "//Alice", "--no-use-password", "--json-output"))
    json_of(btcli("wallet", "create", *bob, "--uri", "//Bob", "--no-use-password", "--json-output"))
    return run, w, bob, net


def test_get_and_set_take(btcli, node_process, tmp_path):  # noqa: F811
    node = node_process(tmp_path / "chain", block_time=0.1)
    run, w, bob, net = _setup(btcli, node, tmp_path)
    run("subnets", "create", *w, "-y")
    shown = run("sudo", "get-take", *w)
    assert shown["take_u16"] == 11_796 and abs(shown["take"] - 0.18) < 1e-4 and shown["max_take"] == shown["take"]

    too_high = btcli("sudo", "set-take", *w, "--take", "0.5", "-y", *net)
    assert too_high.returncode == 1 and too_high.stderr.count("\n") == 1 and "between 0 and 0.1800" in too_high.stderr
    cut = run("sudo", "set-take", *w, "--take", "0.12", "-y")
    assert cut["call"] == "subtensor.decrease_take" and cut["take_u16"] == 7864
    assert run("sudo", "get-take", *w)["take_u16"] == 7864
    # a raise waits out the delegate-take rate limit (216 000 blocks on the dev chain)
    raised = run("sudo", "set-take", *w, "--take", "0.15", "-y", code=1)
    assert "can be raised again from block" in raised["error"]
    same = run("sudo", "set-take", *w, "--take", "0.12", "-y", code=1)
    assert "already" in same["error"]
    hotkey = shown["hotkey"]
    not_owner = run("sudo", "set-take", *bob, "--hotkey", hotkey, "--take", "0.1", "-y", code=1)
    assert "not by this wallet's coldkey" in not_owner["error"]
    assert run("sudo", "get-take", *bob, "--hotkey", hotkey)["take_u16"] == 7864


def test_root_dividends_claimed_with_keep_and_swap(btcli, node_process, tmp_path):  # noqa: F811
    from node.builder import dev_key

    node = node_process(tmp_path / "chain", block_time=0.1)
    run, w, bob, net = _setup(btcli, node, tmp_path)
    # two started subnets whose EMA prices follow spot within a few blocks: Σ EMA > 1, so the
    # subnets' root alpha is paid to root stakers instead of recycled
    for _ in range(2):
        netuid = run("subnets", "create", *w, "-y")["netuid"]
        run("subnets", "start", *w, "--netuid", str(netuid), "-y")
        for param, value in (("tempo", "10"), ("ema_price_halving_blocks", "1")):
            run("sudo", "set", *w, "--netuid", str(netuid), "--param", param, "--value", value, "-y")
    with node.rpc() as rpc:
        chain = rpc
        # auto-claims off: this test claims by hand (tests/economics/test_auto_claim.py has them on)
        for setting, value in (("subnet_moving_alpha", 2**32), ("num_root_claims", 0)):
            inner = {"call": "admin_utils.set_chain_setting", "args": {"setting": setting, "value": value}}
            assert chain.submit_and_wait(chain.sign(dev_key("alice"), "sudo.sudo", {"call": inner}))["success"]
    # alice's hotkey validates subnet 1 (its owner hotkey) with alpha stake and root stake
    run("stake", "add", *w, "--netuid", "1", "--amount", "50", "--unsafe", "-y")
    run("stake", "add", *w, "--netuid", "0", "--amount", "200", "-y")

    def claimable_on_1() -> float:
        rows = run("stake", "claimable", *w)["claimable"]
        return sum(r["owed"] for r in rows if r["netuid"] == 1)

    wait_for(lambda: claimable_on_1() > 0.01, timeout=60, what="root dividends on subnet 1")
    view = run("stake", "claimable", *w)
    assert view["claim_type"] == "Swap" and view["claimable"][0]["root_stake"] == 200.0
    empty = run("stake", "claimable", *bob)
    assert empty["claimable"] == [] and empty["claim_type"] == "Swap"
    shown = btcli("stake", "claimable", *bob, *net)
    assert shown.returncode == 0 and "No root dividends waiting" in shown.stdout and "netuid 0" in shown.stdout

    bad = run("stake", "set-claim", *w, "keep-subnets", "-y", code=1)
    assert "--netuids" in bad["error"]
    wrong = btcli("stake", "set-claim", *w, "hold", "-y", *net)
    assert wrong.returncode == 1 and "swap, keep, keep-subnets" in wrong.stderr
    assert run("stake", "set-claim", *w, "keep", "-y")["claim_type"] == "Keep"
    stakes0 = {(s["netuid"]): s["alpha_rao"] for s in run("stake", "list", *w)["stakes"]}
    kept = run("stake", "process-claim", *w, "-y")
    # alice's hotkey owns and validates both subnets: root dividends wait on each
    assert kept["success"] and all(c["kept"] for c in kept["claims"]) and {c["netuid"] for c in kept["claims"]} == {1, 2}
    stakes1 = {(s["netuid"]): s["alpha_rao"] for s in run("stake", "list", *w)["stakes"]}
    assert stakes1[1] > stakes0[1] and stakes1[0] == stakes0[0]

    assert run("stake", "set-claim", *w, "swap", "-y")["claim_type"] == "Swap"
    wait_for(lambda: claimable_on_1() > 0.01, timeout=60, what="more root dividends")
    root0 = run("stake", "list", *w)["stakes"]
    swapped = run("stake", "process-claim", *w, "--netuids", "1", "-y")
    (claim,) = swapped["claims"]
    assert not claim["kept"] and claim["tao"] > 0
    root1 = run("stake", "list", *w)["stakes"]
    assert [s["alpha_rao"] for s in root1 if s["netuid"] == 0][0] >= \
        [s["alpha_rao"] for s in root0 if s["netuid"] == 0][0] + claim["tao_rao"]
    nothing = run("stake", "process-claim", *bob, "-y")
    assert nothing["success"] and nothing["claims"] == [] and "Nothing to claim" in nothing["message"]
