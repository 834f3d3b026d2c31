"""A subnet written only with the real bittensor 10.5.0 SDK (examples/real_sdk) earns on `btcli localnet up`.

examples/real_sdk/README.md is run as written. Its first bash block is the setup: a localnet, a
subnet with a short tempo and commit-reveal off, a miner and a validator with their own coldkeys,
the validator staked. It runs in bash with taonet's btcli. The next two blocks start miner.py and
validator.py with the SDK's interpreter; they import no taonet. The test then waits until taonet's
own metagraph (`btcli subnets metagraph --json-output`) shows the miner's incentive and the
validator's dividends above zero.

The test changes the following, outside the commands:
- HOME is a temp dir.
- The node gets a free port (`--rpc-port` on `localnet up`, the config's network, the SDK's
  `ws://` URL).
- The SDK processes get a sitecustomize that refuses any connection beyond loopback and replaces
  the SDK's public-IP lookup (bittensor.utils.networking.get_external_ip; the Dendrite always calls
  it) with 127.0.0.1.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.node.fixtures import free_port

pytestmark = [pytest.mark.interop, pytest.mark.slow]
EXAMPLE = REPO / "examples" / "real_sdk"
SDK_PYTHON = "~/sdk/bin/python"  # how the README names the SDK's interpreter

GUARD = r'''
import ipaddress, socket

def _loopback_only(address):
    if isinstance(address, tuple):
        host = str(address[0]).split("%")[0]
        try:
            ip = ipaddress.ip_address(host)
            allowed = ip.is_loopback or ip.is_unspecified  # the Dendrite dials 0.0.0.0 for its own host
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise OSError(f"interop test: no connection beyond loopback ({host})")

_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
def _guarded_connect(self, address):
    _loopback_only(address)
    return _connect(self, address)
def _guarded_connect_ex(self, address):
    _loopback_only(address)
    return _connect_ex(self, address)
socket.socket.connect, socket.socket.connect_ex = _guarded_connect, _guarded_connect_ex

from bittensor.utils import networking
networking.get_external_ip = lambda: "127.0.0.1"
'''


def readme_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", (EXAMPLE / "README.md").read_text(), re.DOTALL)


def sdk_argv(block: str, sdk_python: Path, port: int) -> list[str]:
    argv = shlex.split(block.replace("ws://127.0.0.1:9944", f"ws://127.0.0.1:{port}"), comments=True)
    assert argv[0] == SDK_PYTHON, argv
    return [str(sdk_python), *argv[1:]]


def test_a_subnet_written_with_the_real_sdk_earns_on_localnet(real_sdk_python, isolated_home, tmp_path):
    started = time.monotonic()
    port, axon_port = free_port(), free_port()
    (isolated_home / "config.json").write_text(json.dumps({"network": f"http://127.0.0.1:{port}"}))
    setup, miner_block, validator_block, watch = readme_blocks()
    assert setup.startswith("btcli localnet up ")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "sitecustomize.py").write_text(GUARD)
    sdk_env = dict(env, PYTHONPATH=str(tmp_path / "guard"), PYTHONUNBUFFERED="1")
    sdk_env.pop("VIRTUAL_ENV", None)
    processes: list[subprocess.Popen] = []
    logs: dict[str, Path] = {}

    def start(name: str, argv: list[str]) -> None:
        logs[name] = tmp_path / f"{name}.log"
        with logs[name].open("wb") as log:
            processes.append(subprocess.Popen(argv, cwd=EXAMPLE, env=sdk_env, stdout=log, stderr=subprocess.STDOUT,
                                              stdin=subprocess.DEVNULL, start_new_session=True))

    def tails() -> str:
        return "\n".join(f"--- {name}\n{path.read_text(errors='replace')[-3000:]}" for name, path in logs.items())

    script = setup.replace("btcli localnet up ", f"btcli localnet up --rpc-port {port} ", 1)
    try:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], env=env, capture_output=True, text=True,
                              timeout=180, stdin=subprocess.DEVNULL, check=False)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        set_up = time.monotonic() - started

        miner = sdk_argv(miner_block.replace("--axon.port 8901", f"--axon.port {axon_port}"), real_sdk_python, port)
        assert f"--axon.port {axon_port}" in shlex.join(miner)
        start("miner", miner)
        start("validator", sdk_argv(validator_block, real_sdk_python, port))

        watch_argv = shlex.split(watch, comments=True)
        assert watch_argv[:3] == ["btcli", "subnets", "metagraph"]
        hotkeys = {role: json.loads((isolated_home / ".bittensor" / "wallets" / f"sums-{role}" / "hotkeys" / "default")
                                    .read_text())["ss58Address"]
                   for role in ("miner", "validator")}
        deadline, neurons = time.monotonic() + 150, {}
        while time.monotonic() < deadline:
            assert all(p.poll() is None for p in processes), "an SDK process exited:\n" + tails()
            shown = subprocess.run([*watch_argv, "--json-output"], env=env, capture_output=True, text=True, timeout=60,
                                   stdin=subprocess.DEVNULL, check=False)
            assert shown.returncode == 0, shown.stderr
            neurons = {n["hotkey"]: n for n in json.loads(shown.stdout)["neurons"]}
            if neurons[hotkeys["miner"]]["incentive"] > 0 and neurons[hotkeys["validator"]]["dividends"] > 0:
                break
            time.sleep(1)
        else:
            raise AssertionError(f"no incentive/dividends after 150 s: {neurons}\n{tails()}")
        earned = time.monotonic() - started
        miner_n, validator_n = neurons[hotkeys["miner"]], neurons[hotkeys["validator"]]
        # the validator scored the miner's right answers and its weights reached the chain
        assert "rewards [1.0]" in logs["validator"].read_text() and "set weights" in logs["validator"].read_text()
        assert (miner_n["axon"]["ip"], miner_n["axon"]["port"]) == ("127.0.0.1", axon_port)
        assert miner_n["coldkey"] != validator_n["coldkey"] and not miner_n["recycled"]
        assert validator_n["validator_permit"] and validator_n["last_update"] > validator_n["registered_at"]
        print(f"set up in {set_up:.1f} s; miner incentive {miner_n['incentive']}, validator dividends "
              f"{validator_n['dividends']} after {earned:.1f} s")
    finally:
        for p in processes:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in processes:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        subprocess.run([str(Path(sys.executable).parent / "btcli"), "localnet", "down", "-y"], env=env,
                       capture_output=True, timeout=60, stdin=subprocess.DEVNULL, check=False)
