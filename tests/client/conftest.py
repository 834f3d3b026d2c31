from tests.node.fixtures import builder, live_node, manual_node, node_process  # noqa: F401
