"""node.history: a sample per subnet after every block and per neuron after each epoch, outside
the state (the state root still recomputes from scratch)."""

from __future__ import annotations

from node import history, schema
from node.state import recompute_root, root_hex
from tests.tui.devnet import populated_node


def test_history_records_blocks_and_epochs_outside_the_state(tmp_path):
    node, keys = populated_node(tmp_path / "chain", tmp_path / "wallets", tempo=5)
    try:
        for _ in range(11):
            head = node.produce_block().header.number
        conn = schema.connect(node.chain.db_path, readonly=True)
        data = history.read(conn, 1, uid=0)
        assert data["subnet"]["number"] == list(range(1, head + 1))
        assert data["subnet"]["price"][-1] > 0
        epochs = data["neuron"]["number"]
        assert len(epochs) >= 2 and len({b - a for a, b in zip(epochs, epochs[1:])}) == 1
        assert set(data["neuron"]["hotkey"]) == {keys["miner1"]}
        assert history.read(conn, 1, since=head)["subnet"]["number"] == [head]
        assert root_hex(recompute_root(node.chain.conn)) == node.chain.head.state_root
    finally:
        node.stop()
