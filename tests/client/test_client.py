"""The client library: Balance units, network names, timeouts and the message when no node runs."""
from __future__ import annotations

import socket
import time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from client.balance import Balance
from client.errors import NodeUnavailable
from client.network import LOCAL_URL, resolve
from client.rpc import Client
from tests.node.fixtures import free_port


def test_balance_units_are_explicit():
    assert Balance.from_tao("1.5").rao == 1_500_000_000
    assert Balance.from_tao(2).rao == 2 * 10**9
    assert Balance.from_rao(1).tao == Decimal("0.000000001")
    assert str(Balance.from_rao(1_500_000_000)) == "τ1.5"
    assert str(Balance.from_rao(0)) == "τ0.0"
    with pytest.raises(TypeError):
        Balance.from_rao(1.0)
    with pytest.raises(TypeError):
        Balance(1.5)
    for bad in ("-1", "0.0000000001", "nan", "abc", str(2**64)):
        with pytest.raises(ValueError):
            Balance.from_tao(bad)


@given(st.integers(0, 2**64 - 1))
def test_rao_to_tao_text_roundtrip(rao):
    b = Balance.from_rao(rao)
    assert Balance.from_tao(str(b.tao)) == b


def test_network_resolution():
    assert resolve(None) == LOCAL_URL
    assert resolve("local") == LOCAL_URL
    assert resolve(None, "http://10.0.0.1:9944/") == "http://10.0.0.1:9944"
    assert resolve("127.0.0.1:9000") == "http://127.0.0.1:9000"
    with pytest.raises(ValueError, match="unknown network"):
        resolve("finney-ish")


def test_no_node_says_how_to_start_one_quickly():
    url = f"http://127.0.0.1:{free_port()}"
    began = time.monotonic()
    with Client(url) as rpc, pytest.raises(NodeUnavailable, match="btcli node start --dev") as info:
        rpc.call("system_health")
    assert time.monotonic() - began < 3
    assert "--network" in str(info.value)


def test_silent_server_times_out_instead_of_hanging():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)  # accepts connections, never answers
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        began = time.monotonic()
        with Client(url, timeout=0.5) as rpc, pytest.raises(NodeUnavailable, match="timed out"):
            rpc.call("system_health")
        assert time.monotonic() - began < 3


def test_client_talks_to_a_live_node(live_node):
    with Client(live_node.url) as rpc:
        rpc.wait_ready()
        assert rpc.call("system_chain") == "taonet-dev"
