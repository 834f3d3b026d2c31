"""The real `btcli` (bittensor-cli 9.23.2) against a taonet dev node, and taonet's own btcli agrees.

One `btcli node start --dev` subprocess for the module (free port, tmp data dir, HOME a tmp dir
for the node, the real btcli and taonet's btcli; stopped at the end), two real wallets made by the
real CLI (`wallet create --uri alice|bob --no-use-password`), then the real CLI's commands in
order, each exiting 0 and checked against `btcli … --json-output` of taonet over the node's http
URL (and the node's own events for fees): wallet balance, wallet transfer, subnets create (with
the identity flags; taonet keeps the whole identity), subnets start, subnets list, subnets hyperparameters, stake add (safe staking, its
default 0.5 % tolerance), stake list, stake remove, subnets register, weights reveal of a commit
made by taonet's btcli. Where the real CLI 9.23.2 cannot work against spec 461 at all (its
`weights commit` asks a storage item no runtime has; `subnets show|metagraph` ask RootClaimType,
which spec 461 lacks; MEV protection needs a MevShield key no taonet node has) the test pins the
client-side failure and that nothing reached the chain.

The subnet gets a deep pool first (taonet's btcli stakes 10 000 TAO): on the fresh 1 000-TAO pool
the emission moves the price about 0.2 % a block, so with 0.5 s blocks the 2–4 blocks between the
real CLI's read and its inclusion could exceed the 0.5 % default tolerance (SlippageTooHigh,
correctly); on a deep pool the drift is ~0.002 % a block, as on a real subnet.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from node.builder import address_of
from tests.interop.conftest import real_venv
from tests.node.fixtures import free_port, wait_for

pytestmark = [pytest.mark.interop, pytest.mark.slow]
TAO = 10**9
ALICE, BOB = address_of("alice"), address_of("bob")
PAYEE = address_of("interop-payee")  # a new account
REAL_VERSION_KEY = 9023002  # bittensor_cli.__version_as_int__: what `btcli weights reveal` signs
IDENTITY = {"--subnet-name": "interop", "--github-repo": "https://github.com/example/interop",
            "--subnet-contact": "owner@example.com", "--subnet-url": "https://example.com/interop",
            "--discord-handle": "interop#1", "--description": "real btcli on taonet",
            "--logo-url": "https://example.com/logo.png", "--additional-info": "spec 461"}


class Net:
    """The dev node, the two CLIs and the state the ordered tests share."""

    def __init__(self, root: Path, real_btcli: Path) -> None:
        self.root, self.real_btcli = root, real_btcli
        self.home, self.wallets, self.data_dir = root / "home", root / "wallets", root / "chain"
        self.home.mkdir()
        self.port = free_port()
        self.http, self.ws = f"http://127.0.0.1:{self.port}", f"ws://127.0.0.1:{self.port}"
        self.ours_btcli = shutil.which("btcli", path=str(Path(sys.executable).parent)) or "btcli"
        self.env = dict(os.environ, HOME=str(self.home), COLUMNS="4000", TERM="dumb", NO_COLOR="1",
                        TAONET_METADATA_CACHE=str(self.home / "metadata"))
        for key in ("BT_SUBTENSOR_NETWORK", "BT_NETWORK", "BT_WALLET_PATH", "BT_WALLET_NAME"):
            self.env.pop(key, None)
        self.netuid = 0
        self.shared: dict = {}

    # -- the node --------------------------------------------------------------------------------
    def start(self) -> None:
        done = subprocess.run([self.ours_btcli, "node", "start", "--dev", "--data-dir", str(self.data_dir),
                               "--rpc-port", str(self.port), "--detach"], env=self.env, capture_output=True,
                              text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr + done.stdout
        wait_for(lambda: self.rpc("taonet_getHeader")["number"] >= 1, timeout=30, what="the dev node's blocks")

    def stop(self) -> None:
        subprocess.run([self.ours_btcli, "node", "stop", "--data-dir", str(self.data_dir)], env=self.env,
                       capture_output=True, timeout=60, check=False)

    def rpc(self, method: str, *params):
        """taonet's own JSON-RPC (HTTP POST /)."""
        from urllib.request import Request, urlopen

        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode()
        with urlopen(Request(self.http + "/", body, {"content-type": "application/json"}), timeout=30) as r:
            answer = json.loads(r.read())
        assert "error" not in answer, answer
        return answer["result"]

    # -- the two CLIs ----------------------------------------------------------------------------
    def real(self, *args: str, wallet: str | None = None, network: bool = True, check: bool = True,
             timeout: float = 90) -> subprocess.CompletedProcess:
        """The real btcli 9.23.2 (its own venv) with `args`; its wallets in the tmp wallet path."""
        (done,) = self.real_all([list(args)], wallet=wallet, network=network, check=check, timeout=timeout)
        return done

    def real_all(self, commands: list[list[str]], wallet: str | None = None, network: bool = True,
                 check: bool = True, timeout: float = 90) -> list[subprocess.CompletedProcess]:
        """Several real btcli commands that do not depend on each other, run at the same time."""
        procs = []
        for args in commands:
            cmd = [str(self.real_btcli), *args]
            if wallet:
                cmd += ["--wallet-name", wallet, "--wallet-path", str(self.wallets)]
            if network:
                cmd += ["--network", self.ws]
            procs.append((cmd, subprocess.Popen(cmd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                text=True, cwd=self.root, stdin=subprocess.DEVNULL)))
        results = []
        for cmd, proc in procs:
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
            results.append(subprocess.CompletedProcess(cmd, proc.returncode, out, err))
        for done in results:
            if check:
                assert done.returncode == 0, f"{done.args}\n{done.stdout}\n{done.stderr}"
                assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
                assert "❌" not in done.stdout + done.stderr, done.stdout + done.stderr
        return results

    def real_json(self, *args: str, wallet: str | None = None) -> dict | list:
        done = self.real(*args, "--json-output", wallet=wallet)
        return json.loads(done.stdout)

    def ours(self, *args: str, wallet: str | None = None) -> dict:
        """taonet's btcli --json-output over the node's http URL."""
        cmd = [self.ours_btcli, *args, "--network", self.http, "--json-output"]
        if wallet:
            cmd += ["--wallet-name", wallet, "--wallet-path", str(self.wallets)]
        done = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                              check=False)
        assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
        return json.loads(done.stdout)

    # -- chain facts -----------------------------------------------------------------------------
    def free(self, who: str) -> int:
        return self.rpc("taonet_accountInfo", who)["free"]

    def nonce(self, who: str) -> int:
        return self.rpc("taonet_accountInfo", who)["nonce"]

    def head(self) -> int:
        return self.rpc("taonet_getHeader")["number"]

    def extrinsic(self, identifier: str) -> tuple[dict, dict[str, list[dict]]]:
        """The extrinsic the real CLI names "block-index": (its taonet view, its events by name)."""
        block, index = (int(part) for part in identifier.split("-"))
        found = self.rpc("taonet_getBlock", block)["extrinsics"][index]
        events: dict[str, list[dict]] = {}
        for e in self.rpc("taonet_events", block):
            if e.get("extrinsic_index") == index:
                events.setdefault(e["name"], []).append(e["data"])
        return found, events

    def fee_of(self, events: dict[str, list[dict]]) -> int:
        (paid,) = events["transaction_payment.TransactionFeePaid"]
        return paid["actual_fee"]

    def price(self) -> float:
        return self.rpc("taonet_subnetInfo", self.netuid)["price"]  # what `btcli subnets show` prints


@pytest.fixture(scope="module")
def net(tmp_path_factory):
    python = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2")
    real_btcli = python.parent / "btcli"
    if not real_btcli.exists():
        pytest.skip("the bittensor-cli venv has no btcli")
    started = time.monotonic()
    n = Net(tmp_path_factory.mktemp("real-btcli"), real_btcli)
    n.start()
    try:
        made = n.real_all([["wallet", "create", "--uri", name, "--wallet-name", name, "--wallet-hotkey", "default",
                            "--wallet-path", str(n.wallets), "--no-use-password"] for name in ("alice", "bob")],
                          network=False)
        assert all("Wallet created from URI" in m.stdout for m in made)
        yield n
    finally:
        n.stop()
        print(f"\nreal btcli module: {time.monotonic() - started:.1f} s")


def test_wallet_balance_agrees_with_taonet(net):
    theirs = net.real_json("wallet", "balance", "--all", "--wallet-path", str(net.wallets))
    ours = net.ours("wallet", "balance", "--ss58", ALICE, "--ss58", BOB)
    for name, address in (("alice", ALICE), ("bob", BOB)):
        real_row, our_row = theirs["balances"][name], ours["balances"][address]
        assert real_row["coldkey"] == address
        assert {k: real_row[k] for k in ("free", "staked", "total")} == \
               {k: our_row[k] for k in ("free", "staked", "total")}
        assert real_row["free"] == net.free(address) / TAO
    assert theirs["totals"]["free"] == ours["totals"]["free"]


def test_wallet_transfer_moves_the_amount_to_the_rao_and_the_fee_taonet_charged(net):
    before_bob, before_payee = net.free(BOB), net.free(PAYEE)
    done = net.real_json("wallet", "transfer", "--destination", PAYEE, "--amount", "12.5", "--no-prompt", wallet="bob")
    assert done["success"] is True, done
    ext, events = net.extrinsic(done["extrinsic_identifier"])
    assert ext["extrinsic"]["call"].startswith("balances.transfer") and ext["success"]
    assert ext["extrinsic"]["signer"] == BOB
    (moved,) = events["balances.Transfer"]
    assert moved == {"from": BOB, "to": PAYEE, "amount": 12_500_000_000}
    fee = net.fee_of(events)
    assert 0 < fee < TAO // 1000
    assert net.free(PAYEE) - before_payee == 12_500_000_000
    assert before_bob - net.free(BOB) == 12_500_000_000 + fee
    assert net.ours("wallet", "balance", "--ss58", PAYEE)["balances"][PAYEE]["free"] == 12.5


def test_subnets_create_with_identity(net):
    before = {s["netuid"] for s in net.ours("subnets", "list")["subnets"]}
    flags = [part for pair in IDENTITY.items() for part in pair]
    done = net.real_json("subnets", "create", "--hotkey", "default", *flags, "--no-mev-protection", "--no-prompt",
                         wallet="alice")
    assert done["success"] is True, done
    net.netuid = done["netuid"]
    assert net.netuid not in before
    subnet = net.ours("subnets", "show", "--netuid", str(net.netuid))["subnet"]
    assert (subnet["name"], subnet["owner_coldkey"], subnet["owner_hotkey"], subnet["started"]) == \
           ("interop", ALICE, ALICE, False)
    # one register_network_with_identity: taonet keeps every field (node.substrate.calls_map maps it to
    # subtensor.register_network_with_identity), and both CLIs read it back the same
    fields = dict(zip(("subnet_name", "github_repo", "subnet_contact", "subnet_url", "discord", "description",
                       "logo_url", "additional"), IDENTITY.values()))
    assert net.rpc("taonet_subnetIdentity", net.netuid)["identity"] == fields
    ours = net.ours("subnets", "get-identity", "--netuid", str(net.netuid))
    assert {k: ours[k] for k in fields} == fields
    theirs = net.real_json("subnets", "get-identity", "--netuid", str(net.netuid))
    assert {k: theirs[k] for k in fields} == fields, theirs


def test_subnets_start_then_a_deep_pool(net):
    done = net.real("subnets", "start", "--netuid", str(net.netuid), "--hotkey", "default", "--no-prompt",
                    wallet="alice")
    assert f"Successfully started subnet {net.netuid}" in done.stdout
    assert net.ours("subnets", "show", "--netuid", str(net.netuid))["subnet"]["started"] is True
    # taonet's btcli stakes 10 000 TAO from Alice to her hotkey: a pool whose price the per-block
    # emission moves ~0.002 % a block (see the module docstring)
    staked = net.ours("stake", "add", "--netuid", str(net.netuid), "--amount", "10000", "--include-hotkeys", ALICE,
                      "--unsafe", "--no-prompt", wallet="alice")
    assert staked.get("success", True) is not False, staked


def test_subnets_list_agrees_with_taonet(net):
    before = net.ours("subnets", "list")
    theirs = net.real_json("subnets", "list")
    after = net.ours("subnets", "list")
    assert theirs["total_netuids"] == len(after["subnets"]) == len(before["subnets"])
    assert sorted(int(n) for n in theirs["subnets"]) == [s["netuid"] for s in after["subnets"]]
    for b, a in zip(before["subnets"], after["subnets"]):
        real_row = theirs["subnets"][str(a["netuid"])]
        assert real_row["subnet_name"] == a["name"]
        if a["netuid"] == 0:
            assert real_row["price"] == 1.0
            continue
        # pools move every block (emission): the real CLI's read lies between taonet's two reads
        assert min(b["price"], a["price"]) - 1e-9 <= real_row["price"] <= max(b["price"], a["price"]) + 1e-9
        for key in ("tao_in", "alpha_in"):
            lo, hi = sorted((b[key], a[key]))
            assert lo <= round(real_row["liquidity"][key] * TAO) <= hi
        assert real_row["tempo"]["sn_tempo"] == a["tempo"]


def test_subnets_hyperparameters_agree_by_their_real_names(net):
    theirs = {row["hyperparameter"]: row["value"]
              for row in net.real_json("subnets", "hyperparameters", "--netuid", str(net.netuid))}
    ours = net.ours("subnets", "show", "--netuid", str(net.netuid))["hyperparameters"]
    common = sorted(set(theirs) & set(ours))
    assert {"tempo", "kappa", "rho", "immunity_period", "min_burn", "max_burn", "weights_rate_limit",
            "commit_reveal_period", "commit_reveal_weights_enabled", "registration_allowed", "bonds_moving_avg",
            "liquid_alpha_enabled", "alpha_high", "alpha_low", "transfers_enabled", "activity_cutoff",
            "max_regs_per_block", "serving_rate_limit", "difficulty", "adjustment_interval"} <= set(common)
    assert {name: theirs[name] for name in common} == {name: ours[name] for name in common}


def test_stake_add_safe_with_the_default_tolerance(net):
    before_free, price_before = net.free(BOB), net.price()
    done = net.real_json("stake", "add", "--netuid", str(net.netuid), "--amount", "1", "--hotkey", "default",
                         "--include-hotkeys", ALICE, "--no-mev-protection", "--no-prompt", wallet="bob")
    price_after = net.price()
    netuid = str(net.netuid)
    assert done["staking_success"][netuid][ALICE] is True, done
    ext, events = net.extrinsic(done["extrinsic_ids"][netuid][ALICE])
    assert ext["extrinsic"]["call"] == "subtensor.add_stake_limit" and ext["success"]
    args = ext["extrinsic"]["args"]
    assert (args["amount_staked"], args["allow_partial"]) == (TAO, False)
    # the limit is the price the real CLI read (current_alpha_price_all at its head) plus 0.5 %:
    # that price lies between taonet's reads before and after the command (not a stale one)
    read = args["limit_price"] / TAO / 1.005
    assert price_before * (1 - 1e-6) <= read <= price_after * (1 + 1e-6), (price_before, read, price_after)
    (added,) = events["subtensor.StakeAdded"]
    assert (added["coldkey"], added["hotkey"], added["netuid"], added["tao"]) == (BOB, ALICE, net.netuid, TAO)
    assert before_free - net.free(BOB) == TAO + net.fee_of(events)
    net.shared["alpha"] = added["alpha"]
    ours = net.ours("stake", "list", "--ss58", BOB)
    (row,) = [r for r in ours["stakes"] if r["netuid"] == net.netuid and r["hotkey"] == ALICE]
    assert row["alpha_rao"] == added["alpha"]


def test_stake_add_without_no_mev_protection_fails_cleanly_and_changes_nothing(net):
    """The real CLI encrypts to MevShield.NextKey by default; a taonet node has no MEV shield, so
    the key is absent (null, as a chain without a key answers: the item is an Option with no
    default). The real CLI then stops before signing with its own one-line error."""
    free, nonce = net.free(BOB), net.nonce(BOB)
    done = net.real("stake", "add", "--netuid", str(net.netuid), "--amount", "1", "--hotkey", "default",
                    "--include-hotkeys", ALICE, "--no-prompt", wallet="bob", check=False)
    out = done.stdout + done.stderr
    assert "Traceback" not in out
    assert "An unknown error has occurred: 'NoneType' object has no attribute 'removeprefix'" in out
    assert (net.free(BOB), net.nonce(BOB)) == (free, nonce)


def test_stake_list_agrees_with_taonet(net):
    theirs = net.real_json("stake", "list", "--no-prompt", wallet="bob")
    ours = net.ours("stake", "list", "--ss58", BOB)
    our_rows = {(r["hotkey"], r["netuid"]): r for r in ours["stakes"]}
    real_rows = {}
    for hotkey, rows in theirs["stake_info"].items():
        for r in rows:
            real_rows[(hotkey, r["netuid"])] = r
    assert set(real_rows) == set(our_rows)
    for key, r in real_rows.items():
        assert round(r["stake_value"] * TAO) == our_rows[key]["alpha_rao"], (key, r, our_rows[key])


def test_stake_remove_safe(net):
    before_free, price_before = net.free(BOB), net.price()
    typed = f"{net.shared['alpha'] // 2 / TAO:.9f}"
    alpha = int(float(typed) * TAO)  # the real CLI's Balance.from_tao: int(tao * 10^9), a rao under at times
    done = net.real_json("stake", "remove", "--netuid", str(net.netuid), "--amount", typed,
                         "--hotkey", "default", "--include-hotkeys", ALICE, "--no-mev-protection", "--no-prompt",
                         wallet="bob")
    price_after = net.price()
    (op,) = done
    assert (op["success"], op["netuid"], op["hotkey_ss58"]) == (True, net.netuid, ALICE), done
    ext, events = net.extrinsic(op["extrinsic_identifier"])
    assert ext["extrinsic"]["call"] == "subtensor.remove_stake_limit" and ext["success"]
    args = ext["extrinsic"]["args"]
    assert (args["amount_unstaked"], args["allow_partial"]) == (alpha, False)
    read = args["limit_price"] / TAO / 0.995  # the price the real CLI read, less 0.5 %
    assert min(price_before, price_after) * (1 - 1e-6) <= read <= max(price_before, price_after) * (1 + 1e-6)
    (removed,) = events["subtensor.StakeRemoved"]
    assert (removed["coldkey"], removed["hotkey"], removed["netuid"], removed["alpha"]) == (BOB, ALICE, net.netuid, alpha)
    assert net.free(BOB) - before_free == removed["tao"] - net.fee_of(events)
    (row,) = [r for r in net.ours("stake", "list", "--ss58", BOB)["stakes"] if r["netuid"] == net.netuid]
    assert row["alpha_rao"] == net.shared["alpha"] - alpha


def test_subnets_register_burns_what_taonet_asked(net):
    burn = net.ours("subnets", "show", "--netuid", str(net.netuid))["subnet"]["burn"]
    before_free = net.free(BOB)
    done = net.real_json("subnets", "register", "--netuid", str(net.netuid), "--hotkey", "default", "--no-prompt",
                         wallet="bob")
    assert done["success"] is True and done["msg"] == f"Registered on {net.netuid} with UID 1", done
    ext, events = net.extrinsic(done["extrinsic_identifier"])
    assert ext["success"] and ext["extrinsic"]["args"]["hotkey"] == BOB
    neurons = net.ours("subnets", "show", "--netuid", str(net.netuid))["neurons"]
    assert [(n["uid"], n["hotkey"], n["coldkey"]) for n in neurons] == [(0, ALICE, ALICE), (1, BOB, BOB)]
    (registered,) = events["subtensor.NeuronRegistered"]
    assert 0 < registered["burn"] <= burn  # the burn decays every block from what taonet showed before
    assert before_free - net.free(BOB) == registered["burn"] + net.fee_of(events)


def test_weights_committed_by_taonet(net):
    """taonet's btcli commits Alice's weights (commit-reveal is on by default; tempo 20 so that the
    reveal epoch, the next one, comes within seconds) with the version key the real CLI reveals with;
    the real CLI reveals them in the last test (the tests between run while the epoch comes)."""
    alice = ["--wallet-name", "alice", "--wallet-path", str(net.wallets)]
    for param, value in (("tempo", "20"), ("weights_rate_limit", "0")):
        net.ours("sudo", "set", "--netuid", str(net.netuid), "--param", param, "--value", value, "--no-prompt", *alice)
    committed = net.ours("weights", "commit", "--netuid", str(net.netuid), "--uids", "0,1", "--weights", "0.25,0.75",
                         "--salt", "7,8,9", "--version-key", str(REAL_VERSION_KEY), "--hotkey", "default",
                         "--no-prompt", *alice)
    assert committed["success"] is True, committed
    net.shared["committed"] = committed


def test_weights_commit_of_the_real_cli_fails_before_any_request(net):
    """btcli 9.23.2's `weights commit` reads the storage item "get_commit_reveal_weights_enabled",
    which no runtime's metadata has: it stops client-side, against any chain."""
    nonce = net.nonce(ALICE)
    done = net.real("weights", "commit", "--netuid", str(net.netuid), "--uids", "0,1", "--weights", "0.25,0.75",
                    "--salt", "1,2,3", "--hotkey", "default", "--no-prompt", wallet="alice", check=False)
    assert 'Storage function "SubtensorModule.get_commit_reveal_weights_enabled" not found' in done.stdout + done.stderr
    assert net.nonce(ALICE) == nonce


def test_subnets_show_and_metagraph_stop_client_side_on_spec_461(net):
    """btcli 9.23.2 reads SubtensorModule.RootClaimType for `subnets show` (and its alias
    `subnets metagraph`); spec 461's metadata has no such item (it has RootClaimable/RootClaimed),
    so the real CLI stops before asking the node: it would on any spec-461 chain."""
    for done in net.real_all([["subnets", command, "--netuid", str(net.netuid), "--no-prompt"]
                              for command in ("show", "metagraph")], check=False):
        out = done.stdout + done.stderr
        assert 'Storage function "SubtensorModule.RootClaimType" not found' in out, out
        assert "Traceback" not in out


def test_weights_reveal_by_the_real_cli(net):
    """The real CLI reveals taonet's commit with the same uids, weights and salt (and its own version
    key, 9023002): taonet's metagraph then holds exactly those u16 weights, the commit is gone."""
    committed = net.shared["committed"]
    wait_for(lambda: net.head() >= committed["reveal_from_block"], timeout=30, interval=0.1, what="the reveal epoch")
    done = net.real_json("weights", "reveal", "--netuid", str(net.netuid), "--uids", "0,1", "--weights", "0.25,0.75",
                         "--salt", "7,8,9", "--hotkey", "default", "--no-prompt", wallet="alice")
    assert done["success"] is True, done  # the real CLI does not wait for inclusion here

    def revealed():
        return net.rpc("taonet_metagraph", net.netuid, True)["weights"].get("0")

    assert wait_for(revealed, timeout=20, interval=0.2, what="the revealed weights") == [[0, 21845], [1, 65535]]
    assert net.rpc("taonet_weightCommits", net.netuid, ALICE)["commits"] == []
    assert net.head() <= committed["reveal_until_block"] + 1
