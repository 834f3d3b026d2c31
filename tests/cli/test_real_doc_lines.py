"""The command lines of the real btcli 9.23.2's own help (the `btcli …` examples in its docstrings),
typed as written against a taonet dev node, each exiting 0 with its effect checked on chain.

A real user sets the network and the wallet once (`btcli config set`), then types the lines of the
docs. Only their placeholders change (`your_wallet_name` → alice, `5Dk...X3q` → an address of this
chain, netuid 12 → this chain's subnet); every line gets `-y --json-output` so that it runs without a
terminal. The lines that need the subnet's owner are signed by //Alice, who made subnet 1.
tests/cli/test_real_spellings.py replays the older commands (transfer, stake, subnets); this file
replays the ones that came with issue 17: key swaps, sub-mechanisms, auto-stake, childkeys,
identities and symbols, proxies and the address book, the owner's sudo commands, wallet
inspection.
"""
from __future__ import annotations

import json
import shlex
import time

import pytest

from tests.cli.helpers import json_of
from tests.node.fixtures import node_process  # noqa: F401

BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"  # //Bob
CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y"  # //Charlie


class Docs:
    """Runs doc lines (shlex-split, `-y --json-output` appended) with the test's HOME and config."""

    def __init__(self, btcli, url: str) -> None:
        self.btcli, self.url = btcli, url

    def run(self, line: str, code: int = 0, answer: str | None = None, confirm: bool = True):
        args = shlex.split(line)
        assert args[0] == "btcli"
        extra = ["-y", "--json-output"] if confirm else ["--json-output"]
        return json_of(self.btcli(*args[1:], *extra, input=answer, timeout=90), code)

    def hotkey(self, name: str) -> str:
        listed = self.run("btcli wallet list", confirm=False)
        (wallet,) = [w for w in listed["wallets"] if w["name"] == "alice"]
        return next(h["ss58_address"] for h in wallet["hotkeys"] if h["name"] == name)

    def neurons(self, netuid: int = 1) -> dict[str, int]:
        return {n["hotkey"]: n["uid"] for n in self.run(f"btcli subnets show --netuid {netuid}", confirm=False)["neurons"]}


@pytest.fixture
def docs(btcli, node_process, tmp_path):  # noqa: F811
    node = node_process(tmp_path / "chain", block_time=0.1)
    d = Docs(btcli, node.url)
    json_of(btcli("config", "set", "--network", node.url, "--wallet-name", "alice", "--json-output"))
    d.run("btcli wallet create --wallet-name alice --uri //Alice --no-use-password", confirm=False)
    for name in ("miner1", "miner2", "fresh"):
        d.run(f"btcli wallet new-hotkey --wallet-name alice --wallet-hotkey {name}", confirm=False)
    assert d.run("btcli subnets create --subnet-name demo")["netuid"] == 1
    d.run("btcli subnets start --netuid 1")
    for name in ("miner1", "miner2"):
        d.run(f"btcli subnets register --netuid 1 --wallet-hotkey {name}")
    return d


def test_key_swaps_as_the_docs_type_them(docs):
    miner1, fresh = docs.hotkey("miner1"), docs.hotkey("fresh")
    uid = docs.neurons()[miner1]
    # btcli wallet swap_hotkey destination_hotkey_name --wallet-name your_wallet_name --wallet-hotkey original_hotkey --netuid 1
    done = docs.run("btcli wallet swap_hotkey fresh --wallet-name alice --wallet-hotkey miner1 --netuid 1")
    assert (done["old_hotkey"], done["new_hotkey"]) == (miner1, fresh)
    assert docs.neurons()[fresh] == uid and miner1 not in docs.neurons()
    # btcli wallet swap-check --all / --wallet-name my_wallet / --ss58 5DkQ4...
    assert docs.run("btcli wallet swap-check --all", confirm=False)["announcements"] == []
    assert docs.run("btcli wallet swap-check --wallet-name alice", confirm=False)["announcements"] == []
    # btcli wallet swap-coldkey announce --new-coldkey 5Dk...X3q, then check
    docs.run(f"btcli wallet swap-coldkey announce --new-coldkey {CHARLIE}")
    (announced,) = docs.run(f"btcli wallet swap-check --ss58 {docs.hotkey('default')}", confirm=False)["announcements"]
    assert announced
    # btcli wallet swap-coldkey clear, before the reannouncement delay: refused in one line, nothing signed
    early = docs.run("btcli wallet swap-coldkey clear", code=1)
    assert "can be cleared from block" in early["error"]
    assert docs.run("btcli wallet swap-check --wallet-name alice", confirm=False)["announcements"]


def test_sub_mechanisms_as_the_docs_type_them(docs):
    docs.run("btcli sudo set --netuid 1 --param max_allowed_uids --value 128")
    # btcli subnet mech count --netuid 12
    assert docs.run("btcli subnet mech count --netuid 1", confirm=False)["count"] == 1
    # btcli subnet mech set --netuid 12 --count 2 --wallet.name my_wallet --wallet.hotkey admin
    docs.run("btcli subnet mech set --netuid 1 --count 2 --wallet.name alice --wallet.hotkey default")
    assert docs.run("btcli subnet mech count --netuid 1", confirm=False)["count"] == 2
    # btcli subnet mech emissions-split --netuid 12 --split 70,30 --wallet.name my_wallet --wallet.hotkey admin
    docs.run("btcli subnet mech emissions-split --netuid 1 --split 70,30 --wallet.name alice --wallet.hotkey default")
    # btcli subnet mech emissions --netuid 12
    shown = docs.run("btcli subnet mech emissions --netuid 1", confirm=False)
    assert shown["split"] == [45875, 19660]  # 70 % and 30 % of 65535, the rest to mechanism 0
    # btcli subnets show --netuid 12 --mechid 1
    assert docs.run("btcli subnets show --netuid 1 --mechid 1", confirm=False)["neurons"]


def test_auto_stake_childkeys_identities_as_the_docs_type_them(docs):
    miner1, miner2 = docs.hotkey("miner1"), docs.hotkey("miner2")
    # btcli stake set-auto (asks for the hotkey), then btcli stake auto
    docs.run("btcli stake set-auto --netuid 1", answer=miner1 + "\n")
    assert docs.run("btcli stake auto", confirm=False)["1"]["destination"] == miner1
    # btcli stake child set -c 5FCL… -c 5Hp5… --hotkey default --netuid 1 --prop 0.3 --prop 0.7
    docs.run(f"btcli stake child set -c {miner1} -c {miner2} --hotkey default --netuid 1 --prop 0.3 --prop 0.7")
    got = json.dumps(docs.run("btcli stake child get --netuid 1", confirm=False))
    assert miner1 in got and miner2 in got
    # btcli stake child take --child-hotkey-ss58 <child_hotkey> --take 0.12 --netuid 1
    docs.run(f"btcli stake child take --child-hotkey-ss58 {miner1} --take 0.12 --netuid 1")
    (take,) = docs.run(f"btcli stake child take --child-hotkey-ss58 {miner1} --netuid 1", confirm=False)
    assert take["take_u16"] == 7864  # ⌊0.12 · 65535⌋, as the real btcli converts it
    # btcli subnets set-identity --netuid 1 --subnet-name MySubnet --github-repo … --subnet-contact …
    docs.run("btcli subnets set-identity --netuid 1 --subnet-name MySubnet --github-repo "
             "https://github.com/myorg/mysubnet --subnet-contact team@mysubnet.net")
    assert "MySubnet" in json.dumps(docs.run("btcli subnets get-identity --netuid 1", confirm=False))
    # btcli subnets set-symbol --netuid 1 シ
    docs.run("btcli subnets set-symbol --netuid 1 シ")
    assert docs.run("btcli subnets show --netuid 1", confirm=False)["subnet"]["symbol"] == "シ"
    # btcli subnets check-start --netuid 1 (started already: it says so, exit 0)
    assert "start" in json.dumps(docs.run("btcli subnets check-start --netuid 1", confirm=False)).lower()
    # btcli stake child revoke --hotkey <parent_hotkey> --netuid 1: refused in one line until the chain's
    # set_children rate limit (150 blocks) has passed, then done
    deadline = time.monotonic() + 120  # 150 blocks of 0.1 s, on a machine that may be busy
    while (done := docs.btcli("stake", "child", "revoke", "--hotkey", "default", "--netuid", "1", "-y",
                              "--json-output")).returncode != 0:
        assert "can be set again" in json.loads(done.stdout)["error"] and time.monotonic() < deadline, done.stdout
        time.sleep(1)
    # revoked: no children in force, or an empty set pending its cooldown
    for entry in docs.run("btcli stake child get --netuid 1", confirm=False)["subnets"]:
        assert entry["children"] == [] or (entry["pending"] is not None and entry["pending"]["children"] == []), entry


def test_wallet_views_as_the_docs_type_them(docs):
    alice = docs.hotkey("default")
    # btcli w balance --all / --ss58 <ss58_address> --ss58 <ss58_address>
    assert "alice" in json.dumps(docs.run("btcli w balance --all", confirm=False))
    both = docs.run(f"btcli w balance --ss58 {alice} --ss58 {BOB}", confirm=False)
    assert alice in json.dumps(both) and BOB in json.dumps(both)
    # btcli wallet overview / --all: alice's hotkeys miner1 and miner2 hold uids 1 and 2 on subnet 1
    for line in ("btcli wallet overview", "btcli wallet overview --all"):
        (subnet,) = [s for s in docs.run(line, confirm=False)["subnets"] if s["netuid"] == 1]
        assert {(n["hotkey"], n["uid"]) for n in subnet["neurons"]} >= {("miner1", 1), ("miner2", 2)}
    # btcli wallet inspect / --all -n 1 -n 2 -n 3 / --ss58-address …: the stake just added on subnet 1
    docs.run("btcli stake add --netuid 1 --amount 5 --wallet-hotkey miner1 --unsafe")
    (inspected,) = docs.run("btcli wallet inspect --all -n 1 -n 2 -n 3", confirm=False)["coldkeys"]
    assert inspected["coldkey"] == alice
    assert {(s["netuid"], s["hotkey"]) for s in inspected["stakes"]} >= {(1, docs.hotkey("miner1"))}
    assert alice in json.dumps(docs.run(f"btcli wallet inspect --ss58-address {alice}", confirm=False))
    # btcli wallet history (the subnet lock and registrations are not transfers; one transfer is)
    docs.run(f"btcli wallet transfer --dest {BOB} --amount 1")
    assert BOB in json.dumps(docs.run("btcli wallet history", confirm=False))
    # btcli wallet associate-hotkey --hotkey-ss58 5DkQ4... (the docs' other line, --hotkey-name, is no
    # option of the real btcli either): already alice's, so nothing is signed
    docs.run(f"btcli wallet associate-hotkey --hotkey-ss58 {docs.hotkey('miner1')}")


def test_proxies_as_the_docs_type_them(docs):
    # btcli proxy add --delegate 5GDeleg... --proxy-type SmallTransfer
    docs.run(f"btcli proxy add --delegate {BOB} --proxy-type SmallTransfer")
    # btcli proxy add --delegate 5GDeleg... --proxy-type Transfer --delay 500
    docs.run(f"btcli proxy add --delegate {BOB} --proxy-type Transfer --delay 500")
    # btcli proxy remove --delegate 5GDel... --proxy-type Transfer (and its delay)
    docs.run(f"btcli proxy remove --delegate {BOB} --proxy-type Transfer --delay 500")
    # btcli proxy create --proxy-type Any, then kill it with what create answered
    made = docs.run("btcli proxy create --proxy-type Any")["data"]
    pure, height, index = made["pure"], made["height"], made["ext_index"]
    # btcli config add-proxy / remove-proxy --name test-proxy
    spawner = docs.hotkey("default")
    docs.run(f"btcli config add-proxy --name test-proxy --address {pure} --proxy-type Any --delay 0 --spawner {spawner}")
    assert pure in json.dumps(docs.run("btcli config proxies", confirm=False))
    docs.run(f"btcli config update-proxy --name test-proxy --address {pure} --proxy-type Any --delay 0 "
             f"--spawner {spawner} --note docs")
    docs.run("btcli config remove-proxy --name test-proxy")
    assert pure not in json.dumps(docs.run("btcli config proxies", confirm=False))
    # btcli proxy kill --height 6345834 --index 3 --proxy-type Any --spawner 5x34SPAWN... --proxy 5CCProxy...
    docs.run(f"btcli proxy kill --height {height} --ext-index {index} --index 0 --proxy-type Any --spawner {spawner} "
             f"--proxy {pure}")


def test_the_owners_sudo_commands_as_the_docs_type_them(docs):
    # btcli sudo trim --netuid 95 --wallet-name my_wallet --wallet-hotkey my_hotkey --max 64
    trimmed = docs.run("btcli sudo trim --netuid 1 --wallet-name alice --wallet-hotkey default --max 64")
    assert trimmed["trimmed_uids"] == []  # three uids, all kept
    assert docs.run("btcli subnets show --netuid 1", confirm=False)["subnet"]["max_allowed_uids"] == 64
    # btcli sudo trigger-epoch --netuid 95 --wallet-name my_wallet --wallet-hotkey my_hotkey (not under commit-reveal)
    docs.run("btcli sudo set --netuid 1 --param commit_reveal_weights_enabled --value false")
    before = docs.run("btcli subnets show --netuid 1", confirm=False)["subnet"]["epoch_count"]
    fires = docs.run("btcli sudo trigger-epoch --netuid 1 --wallet-name alice --wallet-hotkey default")["fires_at"]
    deadline = time.monotonic() + 30
    while (subnet := docs.run("btcli subnets show --netuid 1", confirm=False)["subnet"])["epoch_count"] == before:
        assert time.monotonic() < deadline, subnet
        time.sleep(0.5)
    assert subnet["last_epoch_block"] >= fires
    # btcli sudo stake-burn --netuid 14 --amount 10 --tolerance 0.05
    free = docs.run("btcli wallet balance", confirm=False)["balances"]["alice"]["free"]
    burned = docs.run("btcli sudo stake-burn --netuid 1 --amount 10 --tolerance 0.05")
    assert burned["alpha_burned"] > 0
    assert docs.run("btcli wallet balance", confirm=False)["balances"]["alice"]["free"] <= free - 10
