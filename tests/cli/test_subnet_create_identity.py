"""`btcli subnets create` with the real btcli's identity flags against one dev node: the subnet and
its whole identity in one register_network_with_identity (taonet's JSON-RPC, and the subtensor
backend over the node's Substrate façade), and a field over the chain's byte limit refused before
anything is signed."""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.cli.helpers import json_of
from tests.conftest import btcli_exe
from tests.node.fixtures import NodeProcess

FLAGS = {"--subnet-name": "apex", "--github-repo": "https://github.com/a/apex", "--subnet-contact": "team@apex.io",
         "--subnet-url": "https://apex.io", "--discord-handle": "apex#1", "--description": "ünïcode 0xabc",
         "--logo-url": "https://apex.io/logo.png", "--additional-info": "more"}
FIELDS = dict(zip(("subnet_name", "github_repo", "subnet_contact", "subnet_url", "discord", "description", "logo_url",
                   "additional"), FLAGS.values()))


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("create-identity")
    home = root / "home"
    home.mkdir()
    node = NodeProcess(root / "chain", block_time=0.1)
    environ = {**os.environ, "HOME": str(home), "TAONET_CONFIG": str(home / "config.json"),
               "XDG_DATA_HOME": str(home / ".local" / "share")}

    def btcli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(btcli_exe() + list(args), env=environ, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    alice = ("--wallet-name", "alice", "--wallet-path", str(root / "wallets"))
    json_of(btcli("wallet", "create", *alice, "--uri", "//Alice", "--no-use-password", "--json-output"))
    yield type("Env", (), {"node": node, "btcli": btcli, "alice": alice, "net": ("--network", node.url)})
    node.stop()


def _flags(values: dict[str, str]) -> list[str]:
    return [part for pair in values.items() for part in pair]


def test_create_with_every_identity_flag(env):
    done = json_of(env.btcli("subnets", "create", *env.alice, *_flags(FLAGS), *env.net, "--no-prompt", "--json-output"))
    assert done["success"] is True and done["identity"] == FIELDS, done
    netuid = done["netuid"]
    got = json_of(env.btcli("subnets", "get-identity", "--netuid", str(netuid), *env.net, "--json-output"))
    assert {k: got[k] for k in FIELDS} == FIELDS
    listed = json_of(env.btcli("subnets", "list", *env.net, "--json-output"))["subnets"]
    assert next(s for s in listed if s["netuid"] == netuid)["name"] == "apex"
    plain = json_of(env.btcli("subnets", "create", *env.alice, *env.net, "-y", "--json-output"))
    assert plain["success"] is True and plain["identity"] is None  # no flag: register_network, no identity


def test_a_field_over_its_limit_is_refused_before_signing(env):
    with env.node.rpc() as rpc:
        address = rpc.call("taonet_subnetIdentity", 1)["owner_coldkey"]
        before = rpc.account(address)
    refused = env.btcli("subnets", "create", *env.alice, "--subnet-name", "x", "--discord-handle", "d" * 257, *env.net,
                        "-y", "--json-output")
    out = json_of(refused, 1)
    assert out["success"] is False and "discord is 257 bytes, more than the chain's 256" in out["error"].lower(), out
    human = env.btcli("subnets", "create", *env.alice, "--logo-url", "l" * 1025, *env.net, "-y")
    assert human.returncode == 1 and "Traceback" not in human.stderr and "logo_url is 1025 bytes" in human.stderr.lower()
    with env.node.rpc() as rpc:
        after = rpc.account(address)
    assert (after.nonce, after.free) == (before.nonce, before.free)


def test_create_with_identity_over_the_substrate_facade(env):
    """taonet's subtensor backend (ws://) signs the real register_network_with_identity; the node maps
    Some(identity) to its own call and keeps every field (the flags' other spellings here)."""
    ws = ("--network", env.node.url.replace("http://", "ws://"))
    values = {**FLAGS, "--subnet-name": "over-ws", "--description": "0xnot-hex ✓"}
    for real, alias in (("--github-repo", "--repo"), ("--subnet-contact", "--email"), ("--subnet-url", "--url"),
                        ("--discord-handle", "--discord")):  # the real btcli's other spellings
        values[alias] = values.pop(real)
    done = json_of(env.btcli("subnets", "create", *env.alice, *_flags(values), *ws, "-y", "--json-output"))
    assert done["success"] is True, done
    expected = {**FIELDS, "subnet_name": "over-ws", "description": "0xnot-hex ✓"}
    got = json_of(env.btcli("subnets", "get-identity", "--netuid", str(done["netuid"]), *env.net, "--json-output"))
    assert {k: got[k] for k in expected} == expected
