"""client.heads against real nodes: the head first then each new block in order, keep-alives only
when asked, NodeUnavailable with a short detail when nothing answers, and an end (not an error)
when the node stops."""

from __future__ import annotations

import threading

import pytest

from client.errors import NodeUnavailable
from client.heads import new_heads
from tests.node.fixtures import free_port


def test_heads_in_order_from_the_current_one(manual_node):
    first = manual_node.produce_block().header.number
    feed = new_heads(manual_node.url)
    assert next(feed)["number"] == first
    for expected in (first + 1, first + 2):
        made = manual_node.produce_block().header
        head = next(feed)
        assert head["number"] == expected == made.number and head["hash"] == made.hash
    feed.close()


def test_keepalives_only_when_asked(manual_node):
    feed = new_heads(manual_node.url, keepalives=True)
    assert next(feed) is not None  # the current head
    assert next(feed) is None  # no block comes: a keep-alive within about a second
    feed.close()


def test_no_node_is_node_unavailable_with_a_short_detail():
    with pytest.raises(NodeUnavailable) as info:
        next(new_heads(f"http://127.0.0.1:{free_port()}"))
    assert info.value.detail == "connection refused"


def test_the_feed_ends_when_the_node_stops(tmp_path):
    from node.genesis import dev_spec
    from node.service import BackgroundNode

    node = BackgroundNode(tmp_path / "n", dev_spec(), block_time=None)
    feed = new_heads(node.url, read_timeout=5.0)
    assert next(feed)["number"] >= 0
    threading.Timer(0.3, node.stop).start()
    assert [h for h in feed if h is not None] == []  # ends without raising
