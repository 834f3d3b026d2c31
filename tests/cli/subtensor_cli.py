"""Shared by the btcli tests against the fake subtensor (test_subtensor_cli*.py): a recording fake node,
a btcli runner with its own HOME and a wallet of dev keys, and the checks those tests share."""
from __future__ import annotations

import os
import subprocess

from tests.cli.helpers import json_of
from tests.conftest import btcli_exe
from tests.substrate.fake_subtensor import ALICE, FakeSubtensor, address

RAO = 10**9
M1 = address("//Alice//m1")


def recording(node: FakeSubtensor) -> FakeSubtensor:
    """`node.signed`: the decoded extrinsics the node's pool accepted, in order."""
    node.signed = []
    submit = node.chain.submit

    def record(raw: bytes):
        ext, block = submit(raw)
        node.signed.append(ext)
        return ext, block

    node.chain.submit = record
    return node


def make_cli(home, node: FakeSubtensor):
    """Run btcli (a subprocess, no terminal) with a module HOME and a wallet 'alice': coldkey //Alice,
    hotkeys default (//Alice), bob (//Bob) and m1 (//Alice//m1). `cli.net`: the fake's --network."""
    env = {**os.environ, "HOME": str(home), "TAONET_CONFIG": str(home / "config.json"),
           "XDG_DATA_HOME": str(home / "share")}

    def run(*args: str, stdin: str | None = None, extra_env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(btcli_exe() + list(args), env={**env, **(extra_env or {})}, capture_output=True, text=True,
                              timeout=60, check=False, input=stdin,
                              stdin=None if stdin is not None else subprocess.DEVNULL)

    run.wallet = ("-p", str(home / "wallets"), "--name", "alice")
    run.net = ("--network", node.url)
    json_of(run("wallet", "create", *run.wallet, "--uri", "//Alice", "--no-use-password", "--json-output"))
    for name, uri in (("bob", "//Bob"), ("m1", "//Alice//m1")):
        json_of(run("wallet", "new-hotkey", *run.wallet, "-H", name, "--uri", uri, "--no-use-password", "--json-output"))
    return run


def signed_cmd(cli, *args: str, code: int = 0) -> dict:
    return json_of(cli(*args, *cli.wallet, *cli.net, "--json-output"), code)


def nonce(node, who: str = ALICE) -> int:
    return node.state.account(who)["nonce"]


def one_line_error(result: subprocess.CompletedProcess, fragment: str) -> str:
    """The error of a failed JSON run: one line, containing `fragment`, no traceback."""
    error = json_of(result, 1)
    assert error["success"] is False and fragment.lower() in error["error"].lower(), error
    assert "\n" not in error["error"] and "Traceback" not in result.stderr
    return error["error"]
