"""`btcli subnets | weights | sudo … --network ws://…` end to end against the fake subtensor, a failed
extrinsic as one line, what needs a taonet node, the finney metagraph from the replay node, and the
confirmation on a real terminal (issue 15). Same set-up as test_subtensor_cli.py: one fake node per
module, btcli as a subprocess with its own HOME; each test reads the node before and after.
"""
from __future__ import annotations

import hashlib
import os
import pty
import select
import subprocess

import pytest

from tests.cli.helpers import json_of
from tests.cli.subtensor_cli import (
    M1,
    RAO,
    make_cli,
    nonce,
    one_line_error,
    recording,
    signed_cmd,
)
from tests.conftest import btcli_exe
from tests.substrate.fake_subtensor import (
    ALICE,
    BOB,
    CHARLIE,
    FakeSubtensor,
    address,
    standard_subnets,
)

M2 = address("//Alice//m2")


@pytest.fixture(scope="module")
def node():
    subnets = standard_subnets()
    for netuid in (1, 2):
        subnets[netuid]["hyperparams"] = {"weights_rate_limit": 0}
    with FakeSubtensor(accounts={ALICE: 1_000_000 * RAO, BOB: 1_000 * RAO}, subnets=subnets) as fake:
        for netuid in (1, 2):
            fake.register(netuid, M1, ALICE)
        yield recording(fake)


@pytest.fixture(scope="module")
def cli(tmp_path_factory, node):
    return make_cli(tmp_path_factory.mktemp("home"), node)


def read_cmd(cli, *args: str) -> dict:
    return json_of(cli(*args, *cli.net, "--json-output"))


# -- subnets: reads -------------------------------------------------------------------------------
def test_subnets_list_show_metagraph_hyperparameters_burn_cost(cli, node):
    listed = read_cmd(cli, "subnets", "list")["subnets"]
    assert [s["netuid"] for s in listed] == sorted(node.state.subnets)
    apex = next(s for s in listed if s["netuid"] == 1)
    assert (apex["name"], apex["price"], apex["tao_in"]) == ("apex", node.state.subnets[1].price, node.state.subnets[1].tao_in)
    human = cli("subnets", "list", *cli.net)
    assert human.returncode == 0 and "apex" in human.stdout and "omron" in human.stdout

    shown = read_cmd(cli, "subnets", "show", "--netuid", "1")
    assert shown["subnet"]["name"] == "apex" and shown["n"] == len(node.state.subnets[1].neurons)
    human = cli("subnets", "show", "--netuid", "1", *cli.net)
    assert human.returncode == 0 and "Metagraph of subnet 1" in human.stdout and "None" not in human.stdout
    graph = read_cmd(cli, "subnets", "metagraph", "--netuid", "1")
    assert graph["n"] == len(node.state.subnets[1].neurons) and {BOB, M1} <= {r["hotkey"] for r in graph["neurons"]}

    rows = {r["name"]: r for r in read_cmd(cli, "subnets", "hyperparameters", "--netuid", "1")["hyperparameters"]}
    assert rows["tempo"]["value"] == node.state.subnets[1].hyperparams["tempo"]
    assert rows["commit_reveal_weights_enabled"]["value"] is False

    costs = read_cmd(cli, "subnets", "burn-cost")
    assert costs["lock_cost"] == node.state.network_lock_cost
    assert {s["netuid"]: s["burn"] for s in costs["subnets"]} == {1: RAO, 2: 2 * RAO}


# -- subnets: writes ------------------------------------------------------------------------------
def test_register_a_hotkey_with_a_burn_limit(cli, node):
    json_of(cli("wallet", "new-hotkey", *cli.wallet, "-H", "m2", "--uri", "//Alice//m2", "--no-use-password",
                "--json-output"))
    before, uids = node.balance(ALICE), len(node.state.subnets[1].neurons)
    done = signed_cmd(cli, "subnets", "register", "-H", "m2", "--netuid", "1", "-y")
    assert (done["uid"], done["hotkey"], done["burn"]) == (uids, M2, 1.0)
    ext = node.signed[-1]
    assert (ext.function, ext.signer) == ("register_limit", ALICE) and ext.args["limit_price"] > RAO
    assert node.state.subnets[1].neuron(M2).uid == uids
    assert node.balance(ALICE) == before - RAO - ext.fee


def test_create_and_start_a_subnet(cli, node):
    lock = node.state.network_lock_cost
    created = signed_cmd(cli, "subnets", "create", "--subnet-name", "demo", "-y")
    netuid = created["netuid"]
    assert netuid == max(node.state.subnets) and created["lock"] == lock / RAO
    assert node.state.subnets[netuid].name == "demo" and not node.state.subnets[netuid].started
    started = signed_cmd(cli, "subnets", "start", "--netuid", str(netuid), "-y")
    assert started["success"] and node.state.subnets[netuid].started
    assert node.signed[-1].function == "start_call"


# -- weights --------------------------------------------------------------------------------------
def test_weights_set(cli, node):
    done = signed_cmd(cli, "weights", "set", "-H", "bob", "--netuid", "1", "--uids", "0,1", "--weights", "0.25,0.75",
                      "-y")
    assert done["success"] and node.signed[-1].function == "set_weights" and node.signed[-1].signer == BOB
    assert node.state.subnets[1].neuron(BOB).weights == [(0, 21845), (1, 65535)]


def _commit_hash(node, who: str, netuid: int, uids, values, salt, version_key: int) -> str:
    """blake2-256 of the SCALE encoding (AccountId, u16, Vec<u16> ×3, u64), encoded by the node's own types."""
    encode = node.codec.encode
    data = (encode(0, who) + encode("u16", netuid) + encode("Vec<u16>", list(uids)) + encode("Vec<u16>", list(values))
            + encode("Vec<u16>", list(salt)) + encode("u64", version_key))
    return "0x" + hashlib.blake2b(data, digest_size=32).hexdigest()


def test_sudo_set_commit_reveal_then_commit_a_failed_reveal_and_the_reveal(cli, node):
    on = signed_cmd(cli, "sudo", "set", "--netuid", "2", "--param", "commit_reveal_weights_enabled", "--value", "true",
                    "-y")
    assert on["success"] and node.state.subnets[2].hyperparams["commit_reveal_weights_enabled"] is True

    committed = signed_cmd(cli, "weights", "commit", "-H", "bob", "--netuid", "2", "--uids", "0,1", "--weights",
                           "0.5,0.5", "--salt", "1,2,3", "-y")
    digest = _commit_hash(node, BOB, 2, [0, 1], [65535, 65535], [1, 2, 3], 0)
    assert committed["commit_hash"] == digest == node.state.subnets[2].neuron(BOB).commit

    # the chain's commit queue is not read on subtensor: other weights than committed reach the chain,
    # which refuses them; the pallet's error comes back as one line (the fee is paid, nothing else changes)
    n = nonce(node, BOB)
    error = one_line_error(cli("weights", "reveal", *cli.wallet, *cli.net, "-H", "bob", "--netuid", "2", "--uids", "0,1",
                               "--weights", "0.6,0.4", "--salt", "1,2,3", "-y", "--json-output"),
                           "SubtensorModule.InvalidRevealCommitHashNotMatch")
    assert error.startswith("Committed hash does not equal the hashed reveal data")
    assert nonce(node, BOB) == n + 1 and node.state.subnets[2].neuron(BOB).commit == digest

    revealed = signed_cmd(cli, "weights", "reveal", "-H", "bob", "--netuid", "2", "-y")
    assert revealed["commit_hash"] == digest and node.signed[-1].function == "reveal_weights"
    assert node.state.subnets[2].neuron(BOB).commit is None
    assert node.state.subnets[2].neuron(BOB).weights == [(0, 65535), (1, 65535)]
    human = cli("weights", "commit", *cli.wallet, *cli.net, "-H", "bob", "--netuid", "2", "--uids", "0", "--weights", "1",
                "-y")
    assert human.returncode == 0 and "Reveal it once the subnet's reveal period" in human.stdout
    assert "None" not in human.stdout


# -- sudo -----------------------------------------------------------------------------------------
def test_sudo_get_and_set_a_hyperparameter(cli, node):
    got = {r["name"]: r["value"] for r in read_cmd(cli, "sudo", "get", "--netuid", "1")["hyperparameters"]}
    assert got["tempo"] == node.state.subnets[1].hyperparams["tempo"]
    human = cli("sudo", "get", "--netuid", "1", *cli.net)
    assert human.returncode == 0 and "tempo" in human.stdout
    done = signed_cmd(cli, "sudo", "set", "--netuid", "1", "--param", "tempo", "--value", "100", "-y")
    assert done["success"] and node.state.subnets[1].hyperparams["tempo"] == 100
    assert (node.signed[-1].pallet, node.signed[-1].function) in {("Sudo", "sudo"), ("AdminUtils", "sudo_set_tempo")}


def test_sudo_get_take_and_set_take(cli, node):
    got = signed_cmd(cli, "sudo", "get-take", "-H", "bob")
    assert got["take_u16"] == node.state.takes[BOB] and got["owner"] == ALICE
    done = signed_cmd(cli, "sudo", "set-take", "-H", "bob", "--take", "0.1", "-y")
    assert done["call"] == "subtensor.decrease_take" and node.state.takes[BOB] == done["take_u16"] == 6554


# -- what needs a taonet node ---------------------------------------------------------------------
def test_hosting_needs_a_taonet_node(cli, node):
    error = one_line_error(cli("miner", "list", *cli.net, "--json-output"), "needs a taonet node")
    assert f"{node.url} is a subtensor endpoint" in error


def test_price_history_needs_an_archive_node(cli, node):
    error = one_line_error(cli("subnets", "price", "--netuid", "1", "--interval-hours", "4", *cli.net, "--json-output"),
                           "needs an archive node")
    assert "--current" in error
    assert read_cmd(cli, "subnets", "price", "--netuid", "1", "--current")["prices"][0]["netuid"] == 1


# -- finney: the metagraph of netuid 1 from the recordings ----------------------------------------
def test_finney_metagraph_of_netuid_1_from_the_replay_node(cli):
    from client.subtensor.backend import SubtensorBackend
    from tests.substrate.replay_node import ReplayNode

    with ReplayNode("metagraph") as replay:
        with SubtensorBackend(replay.url) as backend:
            replay.supply_metagraph_extras(backend.conn)  # the few values the SDK never asked for (see there)
        graph = json_of(cli("subnets", "metagraph", "--netuid", "1", "--network", replay.url, "--json-output"))
        assert (graph["head"], graph["subnet"]["netuid"], graph["n"], len(graph["neurons"])) == (6852690, 1, 1024, 1024)
        assert [r["uid"] for r in graph["neurons"]] == list(range(1024))
        first, validator = graph["neurons"][0], graph["neurons"][24]
        assert first["hotkey"] == "5DkMmXtWf16RNdusZGCrJ7ca7ADPgRnZLVWCWbgA7s7sy1AQ"
        assert (validator["hotkey"], validator["emission"]) == ("5HbScNssaEfioJHXjcXdpyqo1AKnYjymidGF8opcF9rTFZdT",
                                                                1404278762)
        human = cli("subnets", "metagraph", "--netuid", "1", "--network", replay.url)
        assert human.returncode == 0 and "1024 uids" in human.stdout.replace("\n", " ") and "None" not in human.stdout


# -- the confirmation on a real terminal ----------------------------------------------------------
def test_the_confirmation_names_network_and_genesis_and_no_signs_nothing(cli, node):
    """stdin and stderr on a pseudo-terminal: the question names the network and its genesis; 'n' aborts."""
    n = nonce(node)
    master, slave = pty.openpty()
    home = cli.wallet[1].rsplit("/", 1)[0]
    env = {**os.environ, "HOME": home, "TAONET_CONFIG": f"{home}/config.json"}
    process = subprocess.Popen(btcli_exe() + ["wallet", "transfer", *cli.wallet, *cli.net, "--dest", CHARLIE,
                                              "--amount", "1"], stdin=slave, stderr=slave, stdout=subprocess.PIPE,
                               env=env)
    os.close(slave)
    seen = b""
    while b"?" not in seen:
        ready, _, _ = select.select([master], [], [], 30)
        assert ready, seen
        seen += os.read(master, 65536)
    os.write(master, b"n\n")
    process.wait(timeout=30)
    try:
        while select.select([master], [], [], 0.5)[0]:
            seen += os.read(master, 65536)
    except OSError:
        pass
    os.close(master)
    text = seen.decode(errors="replace").replace("\r", "")
    genesis = node.chain.hash_of(0)[:12]
    assert f"Network: {node.url} (genesis {genesis}…)" in text
    assert f"Do you want to transfer? (on {node.url} (genesis {genesis}…))" in text
    assert process.returncode != 0 and nonce(node) == n
