"""One node per data directory (an OS lock held for the node's life), and `node stop` / `purge` /
`status` acting only on the data dir's own node: never on whatever a stale `node.pid` names,
never on whatever answers on the default URL."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from node.chain import Chain
from node.errors import NodeError
from node.genesis import dev_spec
from node.paths import lock_holder, running_pid
from node.process import stop_node
from tests.node.fixtures import free_port


def _second_node(data, port: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "node", "start", "--dev", "--data-dir", str(data), "--rpc-port", str(port),
                           "--block-time", "0.1"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_a_second_node_on_the_same_data_dir_fails_and_leaves_the_first_alone(node_process, tmp_path, btcli):
    data = tmp_path / "one"
    first = node_process(data, block_time=0.1)
    second = _second_node(data, free_port())
    assert second.returncode == 1
    errors = [line for line in second.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: a node is already running in {data} (pid {first.proc.pid}): one node per data directory; "
                      "stop it with `btcli node stop`, or use another --data-dir"], second.stderr
    assert "Traceback" not in second.stderr
    assert (data / "node.pid").read_text().strip() == str(first.proc.pid)
    assert first.proc.poll() is None and running_pid(data) == first.proc.pid
    # even with its pid file gone, the running node's chain cannot be purged
    (data / "node.pid").unlink()
    (data / "node.json").unlink()
    purge = btcli("node", "purge", "--data-dir", str(data), "-y")
    assert purge.returncode == 1 and f"pid {first.proc.pid}" in purge.stderr, purge.stderr
    assert (data / "chain.db").exists()
    assert stop_node(data)["pid"] == first.proc.pid
    first.proc.wait(10)
    assert lock_holder(data) is None


def test_the_lock_is_per_data_dir_in_one_process_too(tmp_path):
    chain = Chain(tmp_path / "d", dev_spec())
    try:
        with pytest.raises(NodeError, match=f"already running in .* \\(pid {os.getpid()}\\)"):
            Chain(tmp_path / "d", dev_spec())
        other = Chain(tmp_path / "e", dev_spec())  # another folder is another lock
        other.close()
    finally:
        chain.close()
    Chain(tmp_path / "d", None).close()  # released on close


def test_stop_never_signals_what_a_stale_pid_file_names(tmp_path):
    data = tmp_path / "stale"
    Chain(data, dev_spec()).close()
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (data / "node.pid").write_text(f"{bystander.pid}\n")
        (data / "node.json").write_text(json.dumps({"pid": bystander.pid, "rpc_url": "http://127.0.0.1:1"}))
        with pytest.raises(NodeError, match=f"no node is running in .*node.pid names pid {bystander.pid}"):
            stop_node(data, timeout=2)
        assert bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()


def test_stop_refuses_a_lock_holder_that_is_not_a_node_process(tmp_path):
    """The data dir is held by this test process (an in-process chain): not signalled."""
    data = tmp_path / "inproc"
    chain = Chain(data, dev_spec())
    try:
        (data / "node.pid").write_text(f"{os.getpid()}\n")
        with pytest.raises(NodeError, match=f"held by pid {os.getpid()} .*not a node started by"):
            stop_node(data, timeout=2)
    finally:
        chain.close()


def test_status_is_about_the_data_dir_asked_for_not_the_default_url(node_process, tmp_path, btcli):
    """A node answers at the configured URL (as a localnet on 9944 does); D's node is stopped."""
    other = node_process(tmp_path / "other", block_time=0.1)
    assert btcli("config", "set", "network", other.url).returncode == 0
    stopped = tmp_path / "stopped"
    Chain(stopped, dev_spec("taonet-stopped")).close()
    done = btcli("node", "status", "--data-dir", str(stopped), "--json-output")
    data = json.loads(done.stdout)
    assert done.returncode == 1 and data["running"] is False, done.stdout
    assert data["data_dir"] == str(stopped) and data["chain"] == "taonet-stopped" and data["pid"] is None
    # an empty folder: stopped, no chain
    empty = btcli("node", "status", "--data-dir", str(tmp_path / "nothing"), "--json-output")
    assert empty.returncode == 1 and json.loads(empty.stdout)["running"] is False
    # the URL asked for is the URL reported
    asked = btcli("node", "status", "--network", other.url, "--json-output")
    assert asked.returncode == 0 and json.loads(asked.stdout)["rpc_url"] == other.url
    running = btcli("node", "status", "--data-dir", str(other.data_dir), "--json-output")
    assert running.returncode == 0 and json.loads(running.stdout)["pid"] == other.proc.pid


def test_status_stop_and_logs_agree_while_the_localnet_runs(node_process, isolated_home, btcli):
    """With the localnet's node up (its own data dir) and nothing in the default one, `node status`,
    `node stop` and `node logs` all say the default data dir has no node, and where the localnet's is."""
    localnet = isolated_home / ".bittensor" / "taonet" / "localnet"
    node = node_process(localnet, block_time=0.1)
    hint = f"the localnet's node runs in {localnet}: add --data-dir {localnet}"
    status = btcli("node", "status", "--json-output")
    assert status.returncode == 1 and json.loads(status.stdout)["running"] is False
    assert json.loads(status.stdout)["hint"] == hint
    for verb in ("stop", "logs"):
        done = btcli("node", verb, "--json-output")
        assert done.returncode == 1 and hint in json.loads(done.stdout)["error"], (verb, done.stdout)
    assert node.proc.poll() is None  # nothing stopped the localnet's node
    running = btcli("node", "status", "--data-dir", str(localnet), "--json-output")
    assert running.returncode == 0 and json.loads(running.stdout)["pid"] == node.proc.pid


def test_a_chain_name_that_is_not_a_safe_folder_name_is_refused(tmp_path, btcli):
    spec = tmp_path / "evil.json"
    spec.write_text(json.dumps({"name": "../../escape", "balances": {}}))
    done = btcli("node", "start", "--chain-spec", str(spec), "--rpc-port", str(free_port()), "--json-output")
    assert done.returncode == 1 and json.loads(done.stdout)["success"] is False
    assert "invalid chain name '../../escape'" in done.stderr and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "escape").exists()


def test_the_url_of_a_data_dir_is_its_running_nodes_own(node_process, tmp_path):
    """serving_url (what localnet up/status use): None when nothing runs; the running node's URL,
    never a stale node.json's; a holder that serves no RPC is said in one line (was KeyError)."""
    from node.process import serving_url

    assert serving_url(tmp_path / "nothing") is None
    held = tmp_path / "held"
    chain = Chain(held, dev_spec())
    try:
        (held / "node.json").write_text(json.dumps({"pid": 1, "rpc_url": "http://127.0.0.1:1"}))  # a killed node's
        with pytest.raises(NodeError, match=f"held by pid {os.getpid()}, which serves no RPC there"):
            serving_url(held, wait=0.3)
    finally:
        chain.close()
    node = node_process(tmp_path / "running", block_time=0.1)
    assert serving_url(node.data_dir) == node.url


def test_a_detached_start_that_fails_says_its_own_error_not_old_log_lines(tmp_path):
    import socket

    from node.process import start_detached

    data = tmp_path / "busy"
    data.mkdir()
    (data / "node.log").write_text("12:00:00 INFO chain 'taonet-dev' at block #1; RPC on http://127.0.0.1:1\n")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(NodeError) as info:
            start_detached(data, None, "127.0.0.1", port, 0.1)
    assert str(info.value) == (f"the node exited at once (status 1): cannot listen on 127.0.0.1:{port} (Address "
                               "already in use): is another node running? Use --rpc-port to pick another port")


def test_a_node_that_cannot_listen_says_why_and_keeps_no_lock(tmp_path):
    """An out-of-range port was 'Unexpected OverflowError'; an in-process node whose bind failed kept
    the data dir locked for the rest of the process."""
    from node.service import BackgroundNode

    with pytest.raises(NodeError, match="--rpc-port must be a port number, 0 to 65535 .*got 99999"):
        BackgroundNode(tmp_path / "d", dev_spec(), rpc_port=99999)
    with pytest.raises(NodeError, match="Cannot assign requested address.*Check --rpc-host"):
        BackgroundNode(tmp_path / "d", dev_spec(), rpc_host="10.255.255.1", rpc_port=free_port())
    assert lock_holder(tmp_path / "d") is None
    Chain(tmp_path / "d", dev_spec()).close()
