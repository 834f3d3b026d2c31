"""`btcli subnets | stake | sudo | axon` against a real dev node (subprocesses, pure JSON): the
README walkthrough — create a subnet, register two hotkeys, stake with safe staking on and off,
watch the pool move — plus hyperparameters, axons, moves and one-line errors."""
from __future__ import annotations

from tests.cli.helpers import json_of
from tests.node.fixtures import node_process  # noqa: F401


def test_walkthrough_subnet_registration_and_safe_staking(btcli, node_process, tmp_path):  # noqa: F811
    node = node_process(tmp_path / "chain", block_time=0.1)
    net = ("--network", node.url)
    w = ("-p", str(tmp_path / "wallets"), "--name", "alice")

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net, "--json-output"), code)

    json_of(btcli("wallet", "create", *w, "--uri", "//Alice", "--no-use-password", "--json-output"))
    for hotkey in ("miner1", "miner2"):
        json_of(btcli("wallet", "new-hotkey", *w, "-H", hotkey, "--json-output"))

    assert run("subnets", "burn-cost")["lock_cost"] == 1000 * 10**9
    created = run("subnets", "create", *w, "--subnet-name", "demo", "-y")
    assert created["netuid"] == 1 and created["lock"] == 1000.0
    run("subnets", "start", *w, "--netuid", "1", "-y")
    uids = [run("subnets", "register", *w, "-H", hk, "--netuid", "1", "-y")["uid"] for hk in ("miner1", "miner2")]
    assert uids == [1, 2]
    burns = run("subnets", "burn-cost", "--netuid", "1")["subnets"][0]
    assert burns["burn"] > 10**9  # two registrations raised it ×1.26 each, less the decay

    price_before = run("subnets", "price", "--netuid", "1")["prices"][0]["price"]
    refused = run("stake", "add", *w, "-H", "miner1", "--netuid", "1", "--amount", "100", "--safe", "--tolerance",
                  "0.005", "-y", code=1)
    assert refused["results"][0]["status"] == "skipped" and "tolerance" in refused["results"][0]["message"]
    preview = refused["preview"][0]
    assert {"price", "received", "pool_fee", "tx_fee", "price_impact", "limit_price"} <= set(preview)
    partial = run("stake", "add", *w, "-H", "miner1", "--netuid", "1", "--amount", "100", "--safe", "--tolerance",
                  "0.005", "--partial", "-y")
    assert partial["results"][0]["status"] == "success" and partial["results"][0]["partial"]
    assert partial["results"][0]["sent"] < 100
    unsafe = run("stake", "add", *w, "-H", "miner2", "--netuid", "1", "--amount", "100", "--unsafe", "-y")
    assert unsafe["results"][0]["status"] == "success" and unsafe["results"][0]["sent"] == 100.0
    price_after = run("subnets", "price", "--netuid", "1")["prices"][0]["price"]
    assert price_after > price_before * 1.1  # the pool moved

    stakes = run("stake", "list", *w)["stakes"]
    assert {(s["hotkey_label"], s["netuid"]) for s in stakes} == {("miner1", 1), ("miner2", 1)}
    balance = run("wallet", "balance", *w)
    assert balance["totals"]["staked"] > 0

    # bulk: one item below the minimum is skipped and reported, the other goes through
    bulk = run("stake", "add", *w, "--include-hotkeys", "miner1,miner2", "--netuid", "1,0", "--amount", "0.001",
               "--unsafe", "-y", code=1)
    assert {r["status"] for r in bulk["results"]} == {"skipped"}
    removed = run("stake", "remove", *w, "-H", "miner2", "--netuid", "1", "--all", "--unsafe", "-y")
    assert removed["results"][0]["status"] == "success" and removed["balance_after"] > removed["balance_before"]

    # the partial fill above staked whatever the limit allowed (it depends on how many blocks of
    # emission reached the pool meanwhile): swap all of it
    swapped = run("stake", "swap", *w, "-H", "miner1", "--origin-netuid", "1", "--dest-netuid", "0", "--all",
                  "--unsafe", "-y")
    assert swapped["results"][0]["status"] == "success" and swapped["results"][0]["received"] > 0
    moved = run("stake", "move", *w, "--from", "miner1", "--to", "miner2", "--origin-netuid", "0", "--all", "-y")
    assert moved["results"][0]["status"] == "success"

    show = run("subnets", "show", "--netuid", "1")
    assert [n["uid"] for n in show["neurons"]] == [0, 1, 2] and show["subnet"]["pending"]["server"] > 0
    listed = run("subnets", "list")["subnets"]
    assert [s["netuid"] for s in listed] == [0, 1] and listed[1]["blocks_until_next_epoch"] is not None


def test_sudo_axon_and_errors(btcli, node_process, tmp_path):  # noqa: F811
    node = node_process(tmp_path / "chain", block_time=0.1)
    net = ("--network", node.url)
    w = ("-p", str(tmp_path / "wallets"), "--name", "alice")
    bob = ("-p", str(tmp_path / "wallets"), "--name", "bob")

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net, "--json-output"), code)

    json_of(btcli("wallet", "create", *w, "--uri", "//Alice", "--no-use-password", "--json-output"))
    json_of(btcli("wallet", "create", *bob, "--uri", "//Bob", "--no-use-password", "--json-output"))
    run("subnets", "create", *bob, "-y")  # bob owns subnet 1; alice is the sudo key
    hyper = {h["name"]: h for h in run("sudo", "get", "--netuid", "1")["hyperparameters"]}
    assert hyper["tempo"]["value"] == 360 and hyper["tempo"]["owner_settable"]
    assert run("sudo", "set", *w, "--netuid", "1", "--param", "tempo", "--value", "10", "-y")["as_sudo"]
    assert run("subnets", "hyperparameters", "--netuid", "1")["hyperparameters"][0]["value"] == 10
    bad = btcli("sudo", "set", *bob, "--netuid", "1", "--param", "tempo", "--value", "20", "-y", *net)
    assert bad.returncode == 1 and "Error: Tempo must be in [360, 50400]" in bad.stderr
    assert "Traceback" not in bad.stderr
    unknown = btcli("sudo", "set", *bob, "--netuid", "1", "--param", "nonsense", "--value", "1", "-y", *net)
    assert unknown.returncode == 1 and "known: " in unknown.stderr
    not_owner = run("sudo", "set", *bob, "--netuid", "1", "--param", "kappa", "--value", "100", "-y", code=1)
    assert "sudo" in not_owner["error"]
    served = run("axon", "set", *bob, "--netuid", "1", "--ip", "127.0.0.1", "--port", "8091", "-y")
    assert served["port"] == 8091
    neurons = run("subnets", "show", "--netuid", "1")["neurons"]
    assert neurons[0]["axon"]["ip"] == "127.0.0.1" and neurons[0]["axon"]["port"] == 8091
    again = run("axon", "set", *bob, "--netuid", "1", "--ip", "127.0.0.1", "--port", "8092", "-y", code=1)
    assert "can change again from block" in again["error"]
    early = run("stake", "add", *w, "--hotkey", neurons[0]["hotkey"], "--netuid", "1", "--amount", "1", "--unsafe", "-y",
                code=1)
    assert early["results"][0]["status"] == "skipped" and "subnets start" in early["results"][0]["message"]


def test_stake_commands_never_sign_what_the_chain_would_refuse(btcli, node_process, tmp_path):  # noqa: F811
    """Each refused preview (balance, slippage on a swap, an unregistered destination, more than is
    held, dust left behind) exits 1 with the reason in TAO/α, and nothing is signed: the nonce and
    the balance stay put, so no fee is paid (issue 13, items 2 and 3)."""
    from client.taonet import TaonetBackend
    from tests.cli.test_stake_encrypted import climbing_subnet
    from tests.tui.devnet import make_wallet
    from wallet.keypair import Keypair

    node = node_process(tmp_path / "chain", block_time=0.1)
    wallets = tmp_path / "wallets"
    keys = make_wallet(wallets)
    poor = make_wallet(wallets, "poor", "//PoorStaker")
    climbing_subnet(node.url)
    net = ("--network", node.url, "--json-output", "-y")
    w = ("-p", str(wallets), "--name", "alice")

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net), code)

    run("wallet", "transfer", *w, "--dest", poor["coldkey"], "--amount", "5")
    run("stake", "add", *w, "-H", "miner1", "--netuid", "1", "--amount", "50", "--unsafe")
    with TaonetBackend(node.url) as rpc:
        def nonces() -> tuple:
            return tuple(rpc.call("system_accountNextIndex", k["coldkey"]) for k in (keys, poor)) + \
                   (rpc.call("taonet_accountInfo", poor["coldkey"])["free"],)
        before = nonces()
        broke = run("stake", "add", "-p", str(wallets), "--name", "poor", "--hotkey", keys["miner1"], "--netuid", "1",
                    "--amount", "999999", "--unsafe", code=1)
        assert broke["results"][0]["status"] == "skipped" and "balance too low" in broke["error"]
        assert "τ5.000000000" in broke["error"] and "rao" not in broke["error"]
        slip = run("stake", "swap", *w, "-H", "miner1", "--origin-netuid", "1", "--dest-netuid", "0", "--amount", "40",
                   "--safe", "--tolerance", "0.005", code=1)
        assert "tolerance" in slip["error"] and slip["preview"][0]["status"] == "refused"
        stranger = Keypair.from_uri("//Nobody//hotkey").ss58_address
        lost = run("stake", "move", *w, "--from", "miner1", "--to", stranger, "--origin-netuid", "1", "--amount", "1",
                   code=1)
        assert "not registered" in lost["error"]
        much = run("stake", "transfer", *w, "-H", "miner1", "--dest", poor["coldkey"], "--origin-netuid", "1",
                   "--amount", "1000", code=1)
        assert "asked" in much["error"] and "α" in much["error"]
        held = rpc.call("taonet_stakeInfo", keys["coldkey"])["stakes"][0]["alpha"]
        dust = run("stake", "remove", *w, "-H", "miner1", "--netuid", "1", "--amount", f"{(held - 1000) / 1e9:.9f}",
                   "--unsafe", code=1)
        assert "would leave" in dust["error"]
        assert nonces() == before  # nothing was signed, no fee was paid


def test_claims_check_the_fee_before_unlocking(btcli, node_process, tmp_path):  # noqa: F811
    """set-claim from a coldkey that cannot pay the fee: one line in TAO saying what to do, before any
    password is asked (the coldkey is encrypted and no password is given: asking would fail)."""
    from tests.tui.devnet import make_wallet

    node = node_process(tmp_path / "chain", block_time=0.1)
    make_wallet(tmp_path / "wallets", "empty", "//EmptyClaimer", password="Correct-Horse-7")
    out = json_of(btcli("stake", "set-claim", "keep", "-p", str(tmp_path / "wallets"), "--name", "empty", "-y",
                        "--network", node.url, "--json-output"), 1)
    assert "balance too low to set the claim type" in out["error"].lower() and "τ0.000000000" in out["error"]
    assert "btcli wallet transfer" in out["error"] and "rao" not in out["error"]
