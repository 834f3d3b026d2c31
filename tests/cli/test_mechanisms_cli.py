"""`btcli subnets mechanisms count | set | emissions | split-emissions` (aliases `mech`,
`emissions-split`) against one real dev node (subprocesses, real keys, pure JSON): refusals before
signing (owner, uid cap, rate limit, split length), the real btcli's JSON keys; the same through
taonet's subtensor backend on the node's Substrate façade (ws://), and the real btcli 9.23.2 reading
the count and the split."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.cli.helpers import json_of
from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("mech-cli")
    home = root / "home"
    home.mkdir()
    node = NodeProcess(root / "chain", block_time=0.1)
    environ = {**os.environ, "HOME": str(home), "TAONET_CONFIG": str(home / "config.json"),
               "XDG_DATA_HOME": str(home / ".local" / "share")}

    def btcli(*args: str, timeout: float = 90) -> subprocess.CompletedProcess:
        return subprocess.run(btcli_exe() + list(args), check=False, env=environ, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    wallets = str(root / "wallets")
    alice = ("--wallet.name", "alice", "--wallet_path", wallets)
    bob = ("--name", "bob", "-p", wallets)
    for who, uri in ((alice, "//Alice"), (bob, "//Bob")):
        json_of(btcli("wallet", "create", *who, "--uri", uri, "--no-use-password", "--json-output"))
    yield type("Env", (), {"node": node, "btcli": btcli, "alice": alice, "bob": bob, "net": ("--network", node.url),
                           "ws": ("--network", node.url.replace("http://", "ws://")), "environ": environ})
    node.stop()


def run(env, *args: str, code: int = 0, net=None):
    return json_of(env.btcli(*args, *(net or env.net), "--json-output"), code)


def test_mechanisms_end_to_end(env):
    assert run(env, "subnets", "create", *env.alice, "-y")["netuid"] == 1
    assert run(env, "subnets", "mechanisms", "count", "--netuid", "1") == {"netuid": 1, "count": 1, "error": ""}
    single = run(env, "subnets", "mech", "emissions", "--netuid", "1", code=1)
    assert single["success"] is False and "only has the primary mechanism" in single["error"]
    with env.node.rpc() as rpc:
        nonce = rpc.account(rpc.call("taonet_subnetIdentity", 1)["owner_coldkey"]).nonce
    # refused before signing: 256 uids × 2 mechanisms is over the chain's cap
    capped = run(env, "subnets", "mechanisms", "set", "--netuid", "1", "--count", "2", *env.alice, "-y", code=1)
    assert "TooManyUIDsPerMechanism" in capped["error"] and "max_allowed_uids" in capped["error"]
    assert run(env, "subnets", "mechanisms", "set", "--netuid", "1", "--count", "3", *env.alice, "-y",
               code=1)["error"].count("MaxMechanismCount") == 1
    not_owner = run(env, "subnets", "mechanisms", "set", "--netuid", "1", "--count", "2", *env.bob, "-y", code=1)
    assert "only its owner" in not_owner["error"]
    with env.node.rpc() as rpc:
        assert rpc.account(rpc.call("taonet_subnetIdentity", 1)["owner_coldkey"]).nonce == nonce
    run(env, "sudo", "set", *env.alice, "--netuid", "1", "--param", "max_allowed_uids", "--value", "128", "-y")
    done = run(env, "subnets", "mech", "set", "--netuid", "1", "--mech-count", "2", *env.alice, "--no-prompt")
    assert done["success"] is True and done["extrinsic_identifier"].startswith(str(done["block_number"]))
    assert done["message"] == "Mechanism count set to 2 for subnet 1"
    assert run(env, "subnets", "mechanisms", "set", "--netuid", "1", "--count", "2", *env.alice, "-y") == \
        {"success": True, "message": "Subnet 1 already has 2 mechanisms.", "extrinsic_identifier": None}
    limited = run(env, "subnets", "mechanisms", "set", "--netuid", "1", "--count", "1", *env.alice, "-y", code=1)
    assert "may change it again from block" in limited["error"]
    even = run(env, "subnets", "mechanisms", "emissions", "--netuid", "1")
    assert even == {"netuid": 1, "raw_count": 2, "visible_count": 1, "split": [32768, 32767],
                    "percentages": [50.000763, 49.999237], "even_distribution": True}
    wrong = run(env, "subnets", "mechanisms", "split-emissions", "--netuid", "1", "--split", "1,2,3", *env.alice, "-y",
                code=1)
    assert "Expected 2 weight values" in wrong["error"]
    human = env.btcli("subnets", "mechanisms", "count", "--netuid", "1", *env.net)
    assert human.returncode == 0 and "currently has 2 mechanisms" in human.stdout

    # taonet's subtensor backend over the façade: reads, and a split signed as SCALE and mapped back
    assert run(env, "subnets", "mechanisms", "count", "--netuid", "1", net=env.ws)["count"] == 2
    signed = run(env, "subnets", "mechanisms", "emissions-split", "--netuid", "1", "--split", "25,75", *env.alice, "-y",
                 net=env.ws)
    assert signed["success"] is True and signed["split"] == [16384, 49151] and signed["err_msg"] == ""
    shown = run(env, "subnets", "mechanisms", "emissions", "--netuid", "1")
    assert shown["split"] == [16384, 49151] and shown["even_distribution"] is False
    assert run(env, "subnets", "mechanisms", "emissions", "--netuid", "1", net=env.ws) == shown
    again = run(env, "subnets", "mechanisms", "split-emissions", "--netuid", "1", "--split", "1,1", *env.alice, "-y",
                code=1)
    assert "may change it again from block" in again["error"]
    assert run(env, "subnets", "mechanisms", "split-emissions", "--netuid", "1", "--split", "25,75", *env.alice,
               "-y")["message"] == "Emission split unchanged."
    # subnets show --mechid: the mechanism's incentive and last updates (taonet and over ws:// alike)
    main = run(env, "subnets", "show", "--netuid", "1")
    second = run(env, "subnets", "show", "--netuid", "1", "--mechid", "1")
    assert [r["hotkey"] for r in second["neurons"]] == [r["hotkey"] for r in main["neurons"]]
    assert run(env, "subnets", "show", "--netuid", "1", "--mechid", "1", net=env.ws)["neurons"][0]["last_update"] == \
        second["neurons"][0]["last_update"]
    missing = run(env, "subnets", "show", "--netuid", "1", "--mechid", "2", code=1)
    assert "has 2 mechanisms (ids 0..1), not mechanism 2" in missing["error"]


def test_the_real_btcli_reads_the_mechanisms(env):
    from tests.interop.conftest import real_venv

    python = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2")
    if not run(env, "subnets", "list")["subnets"][1:]:
        pytest.skip("runs after test_mechanisms_end_to_end")

    def call(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(python.with_name("btcli"))] + list(args), check=False, env=env.environ, capture_output=True,
                              text=True, timeout=90, stdin=subprocess.DEVNULL)

    counted = call("subnets", "mech", "count", "--netuid", "1", *env.ws, "--json-output")
    assert counted.returncode == 0, counted.stdout + counted.stderr
    assert json.loads(counted.stdout)["count"] == run(env, "subnets", "mechanisms", "count", "--netuid", "1")["count"]
    split = call("subnets", "mechanisms", "emissions", "--netuid", "1", *env.ws, "--json-output")
    assert split.returncode == 0, split.stdout + split.stderr
    ours = run(env, "subnets", "mechanisms", "emissions", "--netuid", "1")
    theirs = json.loads(split.stdout)
    assert (theirs["raw_count"], theirs["split"]) == (ours["raw_count"], ours["split"])


def test_the_real_btcli_sets_the_count_and_the_split(env):
    """The real btcli 9.23.2 signs sudo_set_mechanism_count and sudo_set_mechanism_emission_split over
    ws://; the façade maps them to taonet's calls and taonet's btcli reads the result."""
    from tests.interop.conftest import real_venv

    python = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2")
    netuid = run(env, "subnets", "create", *env.alice, "-y")["netuid"]
    run(env, "sudo", "set", *env.alice, "--netuid", str(netuid), "--param", "max_allowed_uids", "--value", "128", "-y")
    wallet = ("--wallet-name", "alice", "--wallet-path", env.alice[-1])

    def call(*args: str) -> dict:
        # the real `mech set` asks "Set it to 2?" even with --no-prompt (its confirm_action ignores it): answer y
        done = subprocess.run([str(python.with_name("btcli"))] + list(args), check=False, env=env.environ,
                              capture_output=True, text=True, timeout=120, input="y\n")
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout[done.stdout.index("{"):])  # after the prompt's line

    counted = call("subnets", "mech", "set", "--netuid", str(netuid), "--count", "2", *wallet, "--no-prompt", *env.ws,
                   "--json-output")
    assert counted["success"] is True, counted
    assert run(env, "subnets", "mechanisms", "count", "--netuid", str(netuid))["count"] == 2
    split = call("subnets", "mech", "split-emissions", "--netuid", str(netuid), "--split", "1,3", *wallet,
                 "--no-prompt", *env.ws, "--json-output")
    assert split["success"] is True, split
    assert run(env, "subnets", "mechanisms", "emissions", "--netuid", str(netuid))["split"] == split["split"]
