"""btcli's --period/--era honoured against one real dev node: on the taonet node the JSON extrinsic
carries `valid_until` (the next BLOCKS blocks), on its Substrate façade (ws://, taonet's subtensor
backend) the SCALE extrinsic is signed with a mortal era of that period (16 by default, as the real
btcli), and an era that is over is refused by the node."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time

import pytest

from tests.cli.helpers import json_of
from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess

BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("period-cli")
    home = root / "home"
    home.mkdir()
    node = NodeProcess(root / "chain", block_time=0.2)
    environ = {**os.environ, "HOME": str(home), "TAONET_CONFIG": str(home / "config.json"),
               "XDG_DATA_HOME": str(home / ".local" / "share")}

    def btcli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(btcli_exe() + list(args), env=environ, capture_output=True, text=True, timeout=90,
                              stdin=subprocess.DEVNULL)

    alice = ("--name", "alice", "-p", str(root / "wallets"))
    json_of(btcli("wallet", "create", *alice, "--uri", "//Alice", "--no-use-password", "--json-output"))
    yield type("Env", (), {"node": node, "btcli": btcli, "alice": alice, "root": root,
                           "ws": node.url.replace("http://", "ws://")})
    node.stop()


def stored(env, ext_hash: str) -> dict:
    with sqlite3.connect(f"file:{env.root / 'chain' / 'chain.db'}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT data, block_number FROM extrinsics WHERE hash = ?", (ext_hash,)).fetchone()
    assert row is not None, ext_hash
    return {**json.loads(row[0]), "block_number": row[1]}


def era_of(data: dict) -> tuple[int, int] | None:
    from node.substrate.codec import codec

    return codec().decode_extrinsic(bytes.fromhex(data["scale"].removeprefix("0x"))).era


def transfer(env, *extra: str) -> dict:
    return json_of(env.btcli("wallet", "transfer", *env.alice, "--dest", BOB, "--amount", "0.5", "-y",
                             "--json-output", *extra))


def test_on_the_taonet_node_the_extrinsic_is_valid_for_the_next_period_blocks(env):
    with env.node.rpc() as rpc:
        head = rpc.call("chain_getHeader")["number"]
    done = transfer(env, "--network", env.node.url, "--period", "32")
    data = stored(env, done["hash"])
    assert head + 33 <= data["valid_until"] <= done["block_number"] + 33 and data["block_number"] < data["valid_until"]
    immortal = stored(env, transfer(env, "--network", env.node.url)["hash"])
    assert "valid_until" not in immortal


def test_on_the_facade_the_subtensor_backend_signs_a_mortal_era_of_the_period(env):
    default = stored(env, transfer(env, "--network", env.ws)["hash"])
    assert era_of(default)[0] == 16  # the real btcli's default period
    for period, encoded in (("8", 8), ("100", 128)):  # a Substrate era's period is a power of two
        data = stored(env, transfer(env, "--network", env.ws, "--era", period)["hash"])
        assert era_of(data)[0] == encoded


def test_an_era_that_is_over_is_refused(env):
    from client.subtensor.backend import SubtensorBackend
    from wallet.keypair import Keypair

    alice = Keypair.from_uri("//Alice")
    with SubtensorBackend(env.ws) as chain:
        chain.period = 4
        ext = chain.sign(alice, "balances.transfer_keep_alive", {"dest": BOB, "value": 10**9})
        start = chain.conn.rpc("chain_getHeader", [])["number"]
        deadline = time.monotonic() + 30
        while int(chain.conn.rpc("chain_getHeader", [])["number"], 16) < int(start, 16) + 5:
            assert time.monotonic() < deadline, "the node made no blocks"
            time.sleep(0.2)
        outcome = chain.submit_and_wait(ext, timeout=10, raise_on_failure=False)
    assert outcome["status"] == "dropped" and "bad signature" in outcome["reason"].lower(), outcome


def test_a_period_out_of_range_is_one_line(env):
    for bad in ("0", "70000"):
        done = env.btcli("wallet", "transfer", *env.alice, "--dest", BOB, "--amount", "0.5", "-y",
                         "--network", env.node.url, "--period", bad)
        assert done.returncode == 2 and "--period takes 1 to 65536 blocks" in done.stderr, done.stderr
        assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr


def test_node_verify_after_mortal_extrinsics(env):
    done = json_of(env.btcli("node", "verify", "--data-dir", str(env.root / "chain"), "--json-output"))
    assert done["ok"] is True, done
