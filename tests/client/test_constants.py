"""The client asks the node for the chain's constants (taonet_constants), cached per client, and
neither the client nor `btcli wallet transfer` imports node.runtime or numpy."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from client.constants import ChainConstants, constants
from client.errors import ClientError
from client.taonet import TaonetBackend
from node.genesis import DEV_ACCOUNTS

HEAVY = ("node.runtime", "numpy", "consensus.epoch")


def test_constants_come_from_the_node_once_per_client(live_node):
    from node.runtime import balances
    from node.runtime import weights as chain_weights

    with TaonetBackend(live_node.url) as rpc:
        asked: list[str] = []
        real_call = rpc.call

        def counting(method, *params, **kw):
            asked.append(method)
            return real_call(method, *params, **kw)

        rpc.call = counting  # type: ignore[method-assign]
        first = constants(rpc)
        assert constants(rpc) is first and asked == ["taonet_constants"]
    assert first == ChainConstants(rao_per_tao=10**9, existential_deposit=balances.EXISTENTIAL_DEPOSIT,
                                   base_fee=balances.BASE_FEE, byte_fee=balances.BYTE_FEE, u16_max=65535,
                                   max_unrevealed_commits=chain_weights.MAX_UNREVEALED_COMMITS,
                                   commit_hash_scheme="taonet-json-blake2b-256-v1")
    with TaonetBackend(live_node.url) as other:  # another client asks again
        assert constants(other) == first


def test_an_older_node_without_the_method(live_node, monkeypatch):
    from node.rpc_registry import METHODS

    monkeypatch.delitem(METHODS, "taonet_constants")
    with TaonetBackend(live_node.url) as rpc:
        found = constants(rpc)
    assert found.existential_deposit == 500 and found.max_unrevealed_commits is None


def test_a_commit_is_refused_when_the_node_hashes_otherwise(live_node, monkeypatch):
    from client import weights
    from node import weights_commit
    from wallet.keypair import Keypair

    monkeypatch.setattr(weights_commit, "SCHEME", "scale-blake2-256")
    pair = Keypair.from_uri("//Alice")
    with TaonetBackend(live_node.url) as rpc:
        nonce = rpc.call("system_accountNextIndex", DEV_ACCOUNTS["alice"])
        with pytest.raises(ClientError, match="hashes weight commits as scale-blake2-256"):
            weights.commit_weights(rpc, pair, 1, [0], [1.0])
        assert rpc.call("system_accountNextIndex", DEV_ACCOUNTS["alice"]) == nonce  # nothing signed


def test_client_weights_hash_is_the_runtimes():
    from client.taonet import TaonetBackend
    from client.weights import commit_hash
    from node.runtime.weights import commit_hash as runtime_hash

    args = (DEV_ACCOUNTS["bob"], 3, [0, 2], [65535, 7], [1, 2, 3], 5)
    with TaonetBackend("http://127.0.0.1:1") as backend:  # hashing asks the node nothing
        assert commit_hash(backend, *args) == runtime_hash(*args)


_PROBE = textwrap.dedent("""
    import atexit, json, os, runpy, sys
    def dump():
        with open(os.environ["PROBE_OUT"], "w") as f:
            json.dump(sorted(sys.modules), f)
    atexit.register(dump)
    sys.argv = ["btcli"] + json.loads(os.environ["PROBE_ARGS"])
    runpy.run_module("btcli", run_name="__main__")
""")


def _modules_of(args: list[str], tmp_path, code: str = _PROBE) -> tuple[subprocess.CompletedProcess, list[str]]:
    out = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BT_PW_", "BT_NETWORK", "BT_SUBTENSOR"))}
    env.update(HOME=str(tmp_path), TAONET_CONFIG=str(tmp_path / "config.json"), PROBE_OUT=str(out),
               PROBE_ARGS=json.dumps(args))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    return done, json.loads(out.read_text())


def test_importing_the_client_imports_no_runtime(tmp_path):
    code = _PROBE.replace('runpy.run_module("btcli", run_name="__main__")',
                          "import client, client.rpc, client.weights, client.constants, client.extrinsics, "
                          "client.preflight, client.staking, client.stake_preview, client.subnets, client.claims, "
                          "client.taonet, client.backend, client.network; "
                          "client.weights.commit_hash(client.taonet.TaonetBackend(), '5x', 1, [0], [1], [2], 0)")
    done, modules = _modules_of([], tmp_path, code)
    assert done.returncode == 0, done.stderr
    assert not [m for m in modules if m.startswith(HEAVY)]


def test_wallet_transfer_imports_no_runtime_nor_numpy(live_node, tmp_path):
    wallets = str(tmp_path / "wallets")
    created, _ = _modules_of(["wallet", "create", "--uri", "//Alice", "--no-use-password", "--name", "alice",
                              "--wallet-path", wallets, "--json-output"], tmp_path)
    assert created.returncode == 0, created.stderr
    done, modules = _modules_of(["wallet", "transfer", "--dest", DEV_ACCOUNTS["bob"], "--amount", "1", "--name", "alice",
                                 "--wallet-path", wallets, "--network", live_node.url, "-y", "--json-output"], tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)["success"], done.stderr + done.stdout
    assert "client.constants" in modules
    assert not [m for m in modules if m.startswith(HEAVY)]
