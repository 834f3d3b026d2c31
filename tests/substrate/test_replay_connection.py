"""client.subtensor.connection against the finney replay node and against endpoints that never answer."""
from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from client.errors import ClientError, NodeUnavailable
from tests.substrate.replay_node import FINNEY_GENESIS, ReplayNode, key

REPO = Path(__file__).resolve().parents[2]
HEAD = "0xdb13c066e2c63969f140164fb3bfe7a0aaa7b71407fc0fe525d68e57329ef9d0"   # finney block 6,852,690
METADATA = "Metadata_metadata_at_version"


@pytest.fixture
def node():
    with ReplayNode("metagraph") as n:
        yield n


def connect(url, tmp_path, **kw):
    from client.subtensor.connection import Substrate

    return Substrate(url, cache_dir=tmp_path / "metadata", **kw)


def test_replay_keys_compare_decoded_params():
    assert key("state_call", ["Api_m", "0x1700"]) == key("state_call", ["Api_m", "1700", None])
    assert key("chain_getHeader", ["0xDB13"]) == key("chain_getHeader", ["0xdb13"])
    assert key("chain_getHeader", [None]) == key("chain_getHeader", [])
    assert key("state_call", ["Api_m", "0x1700"]) != key("state_call", ["Api_m", "0x1701"])


def test_replay_answers_recordings_and_names_what_is_missing(node):
    assert node.answer("chain_getBlockHash", [6852690]) == {"result": HEAD}
    assert node.answer("chain_getHeader", [HEAD.upper().replace("0X", "0x"), None])["result"]["number"] == "0x689052"
    missing = node.answer("state_call", ["SubnetInfoRuntimeApi_get_all_dynamic_info", "0x"])
    assert "get_all_dynamic_info" in missing["error"]["message"] and "metagraph" in missing["error"]["message"]


def test_connection_reads_the_chain_it_reaches(node, tmp_path):
    with connect(node.url, tmp_path) as conn:
        assert conn.genesis_hash == FINNEY_GENESIS
        assert (conn.spec_version, conn.ss58_format, conn.chain) == (343, 42, "Bittensor")
        assert conn.head() == (6852690, HEAD)
        assert conn.rpc("chain_getBlockHash", [6852690]) == HEAD
        assert conn.constant("SubtensorModule", "InitialTempo") > 0
        assert conn.has_runtime_call("SubnetInfoRuntimeApi", "get_selective_mechagraph")
        assert not conn.has_runtime_call("SubnetInfoRuntimeApi", "get_subnet_hyperparams_v3")


def test_endpoint_errors_are_one_line_client_errors(node, tmp_path):
    with connect(node.url, tmp_path) as conn, pytest.raises(ClientError) as err:
        conn.rpc("author_rotateKeys", [])
    text = str(err.value)
    assert "\n" not in text and "author_rotateKeys" in text and node.url in text


def test_metadata_is_cached_per_genesis_and_spec(node, tmp_path):
    connect(node.url, tmp_path).close()
    assert node.count("state_call", METADATA) == 1
    cached = list((tmp_path / "metadata").rglob("*.scale"))
    assert [p.relative_to(tmp_path / "metadata").as_posix() for p in cached] == [
        f"{FINNEY_GENESIS[2:]}/343.v15.scale"]
    with connect(node.url, tmp_path) as conn:           # the second connection reads it from disk
        assert conn.spec_version == 343
        assert conn.runtime_call("NeuronInfoRuntimeApi", "get_neurons_lite", [1], HEAD)[0]["uid"] == 0
    assert node.count("state_call", METADATA) == 1
    cached[0].write_bytes(b"meta-damaged")              # a damaged file is fetched again, not trusted
    connect(node.url, tmp_path).close()
    assert node.count("state_call", METADATA) == 2


def test_close_ends_the_websocket(node, tmp_path):
    conn = connect(node.url, tmp_path)
    assert node.open_connections == 1
    conn.close()
    for _ in range(50):
        if node.open_connections == 0:
            break
        time.sleep(0.05)
    assert node.open_connections == 0


@pytest.mark.parametrize("style", ["close", "with"])
def test_process_exits_after_use(node, tmp_path, style):
    use = {"close": "c = Substrate(URL, cache_dir=CACHE)\nprint(c.head()[0])\nc.close()",
           "with": "with Substrate(URL, cache_dir=CACHE) as c:\n    print(c.head()[0])"}[style]
    script = textwrap.dedent("""
        import sys
        sys.path.insert(0, {repo!r})
        from client.subtensor.connection import Substrate
        URL, CACHE = {url!r}, {cache!r}
    """).format(repo=str(REPO), url=node.url, cache=str(tmp_path / "metadata")) + use + "\n"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "6852690"
    assert time.monotonic() - started < 30


def _one_line_unavailable(exc: NodeUnavailable, url: str) -> None:
    assert isinstance(exc, NodeUnavailable) and exc.url == url
    assert "\n" not in str(exc)


def test_unresolvable_host_fails_within_the_deadline(tmp_path):
    url = "ws://no-such-node.invalid:9944"
    started = time.monotonic()
    with pytest.raises(NodeUnavailable) as err:
        connect(url, tmp_path, deadline=2.0)
    assert time.monotonic() - started < 3.0
    _one_line_unavailable(err.value, url)
    assert "resolve" in str(err.value)


def test_refused_port_fails_at_once(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]            # closed again: nothing listens there
    url = f"ws://127.0.0.1:{port}"
    with pytest.raises(NodeUnavailable) as err:
        connect(url, tmp_path, deadline=2.0)
    _one_line_unavailable(err.value, url)


def test_silent_tcp_endpoint_fails_within_the_deadline(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)                       # accepts connections, never says a word
    url = f"ws://127.0.0.1:{listener.getsockname()[1]}"
    try:
        started = time.monotonic()
        with pytest.raises(NodeUnavailable) as err:
            connect(url, tmp_path, deadline=1.5)
        assert time.monotonic() - started < 2.5
        _one_line_unavailable(err.value, url)
    finally:
        listener.close()


def test_silent_websocket_endpoint_fails_within_the_deadline(tmp_path):
    from websockets.sync.server import serve

    def mute(ws):                            # completes the handshake, then answers nothing
        for _ in ws:
            pass

    server = serve(mute, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}"
    try:
        started = time.monotonic()
        with pytest.raises(NodeUnavailable) as err:
            connect(url, tmp_path, deadline=1.5)
        assert time.monotonic() - started < 2.5 + 2.0   # the deadline, plus closing the socket
        _one_line_unavailable(err.value, url)
        assert "no answer within 1.5 s" in str(err.value)
    finally:
        server.shutdown()


def test_a_call_on_a_node_that_stops_answering_is_bounded(node, tmp_path):
    conn = connect(node.url, tmp_path, deadline=1.5)
    node.stop()
    started = time.monotonic()
    with pytest.raises(NodeUnavailable):
        conn.head()
    assert time.monotonic() - started < 3.5
    conn.close()


def test_not_a_websocket_url(tmp_path):
    with pytest.raises(ClientError) as err:
        connect("http://127.0.0.1:9944", tmp_path)
    assert "ws://" in str(err.value)


def test_a_storage_query_the_node_refuses_is_an_error_not_the_default(node, tmp_path):
    """The library decodes an error answer to a storage query as the item's default (TaoWeight's
    default, a zero balance): the connection raises it instead."""
    with connect(node.url, tmp_path) as conn:
        assert conn.query("SubtensorModule", "MechanismCountCurrent", [1], HEAD) == 1   # recorded: null -> default
        with pytest.raises(ClientError) as err:
            conn.query("SubtensorModule", "TaoWeight", [], HEAD)                          # not recorded: an error
    assert "TaoWeight" in str(err.value) and "nothing recorded" in str(err.value)


def test_a_bounded_block_may_wait_longer_than_the_deadline(node, tmp_path):
    """Waiting for an extrinsic's inclusion takes longer than one call's deadline: `bounded(what, seconds)`
    gives the block its own window, and still ends it."""
    conn = connect(node.url, tmp_path, deadline=0.5)
    try:
        ws = conn.substrate.ws
        started = time.monotonic()
        with pytest.raises(NodeUnavailable) as err:
            with conn.bounded("waiting", 1.5):
                ws.recv(timeout=0.5)                 # nothing comes: the block's 1.5 s apply, not 0.5 s
        assert 1.4 < time.monotonic() - started < 3.0
        assert "waiting: no answer within 1.5 s" in str(err.value)
    finally:
        conn.close()
