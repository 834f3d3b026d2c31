"""Scripts move across: for the same command line, every key the real btcli 9.23.2 prints with
--json-output (nested keys included) is also in what taonet's btcli prints (pure JSON).
The wallet commands run offline, each CLI in its own wallet folder; wallet balance and subnets
burn-cost read one dev node (taonet over http, the real btcli over ws:// on the same port)."""
from __future__ import annotations

import json
import os
import subprocess
from typing import Any

import pytest

from tests.conftest import btcli_exe
from tests.interop.conftest import real_venv
from tests.node.fixtures import NodeProcess

pytestmark = [pytest.mark.interop, pytest.mark.slow]
MNEMONIC = " ".join(["abandon"] * 11 + ["about"])
ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"


def key_paths(document: Any, prefix: str = "") -> set[str]:
    """Every key of a JSON document as a path (a.b, list items as a[], the keys of a map kept)."""
    found: set[str] = set()
    if isinstance(document, dict):
        for key, value in document.items():
            found.add(f"{prefix}{key}")
            found |= key_paths(value, f"{prefix}{key}.")
    elif isinstance(document, list):
        for item in document:
            found |= key_paths(item, f"{prefix.rstrip('.')}[].")
    return found


@pytest.fixture(scope="module")
def clis(tmp_path_factory):
    python = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2")
    root = tmp_path_factory.mktemp("real-json-keys")
    (root / "home").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BT_", "TAONET_", "BTCLI_"))}
    env.update(HOME=str(root / "home"), COLUMNS="4000", TERM="dumb", NO_COLOR="1",
               TAONET_CONFIG=str(root / "home" / "taonet.json"), TAONET_METADATA_CACHE=str(root / "home" / "metadata"))
    node = NodeProcess(root / "chain", block_time=0.1)
    tools = {"real": [str(python.with_name("btcli"))], "ours": btcli_exe()}

    def run(who: str, *args: str) -> Any:
        takes_path = "--wallet-name" in args or args[:2] == ("wallet", "list")
        wallets = ["--wallet-path", str(root / f"wallets-{who}")] if takes_path else []
        done = subprocess.run([*tools[who], *args, *wallets, "--json-output"], env=env, capture_output=True, text=True,
                              timeout=120, cwd=root, stdin=subprocess.DEVNULL, check=False)
        assert done.returncode == 0, f"{who}: {args}\n{done.stdout}\n{done.stderr}"
        if who == "ours":
            return json.loads(done.stdout)  # pure JSON
        # the real btcli prints some notes on stdout before its JSON (regen's mnemonic warning): its last line
        return json.loads(done.stdout.strip().splitlines()[-1])

    yield run, node
    node.stop()


COMMANDS = [
    ("wallet", "create", "--wallet-name", "a", "--hotkey", "default", "--uri", "//Alice", "--no-use-password"),
    ("wallet", "new-hotkey", "--wallet-name", "a", "--hotkey", "h2", "--uri", "//AliceH2"),
    ("wallet", "new-coldkey", "--wallet-name", "c", "--uri", "//Charlie", "--no-use-password"),
    ("wallet", "regen-hotkey", "--wallet-name", "a", "--hotkey", "h3", "--mnemonic", MNEMONIC),
    ("wallet", "regen-hotkeypub", "--wallet-name", "a", "--hotkey", "hp", "--ss58", ALICE),
    ("wallet", "list"),
    ("wallet", "sign", "--wallet-name", "a", "--message", "hi", "--no-use-hotkey"),
]


def test_taonet_prints_every_key_the_real_btcli_prints(clis):
    run, node = clis
    missing: dict[str, set[str]] = {}
    signed = {}
    for args in COMMANDS:
        real, ours = run("real", *args), run("ours", *args)
        assert real.get("success", True) is True, (args, real)
        missing[" ".join(args[:2])] = key_paths(real) - key_paths(ours)
        signed = ours if args[1] == "sign" else signed
    verify = ("wallet", "verify", "--message", "hi", "--signature", signed["signed_message"], "--address",
              signed["signer_address"])
    missing["wallet verify"] = key_paths(run("real", *verify)) - key_paths(run("ours", *verify))
    ws, http = node.url.replace("http://", "ws://"), node.url
    for args in (("wallet", "balance", "--wallet-name", "a"), ("subnets", "burn-cost")):
        real, ours = run("real", *args, "--network", ws), run("ours", *args, "--network", http)
        missing[" ".join(args[:2])] = key_paths(real) - key_paths(ours)
    assert {name: keys for name, keys in missing.items() if keys} == {}
