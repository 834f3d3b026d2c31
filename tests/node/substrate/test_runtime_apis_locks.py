"""StakeInfoRuntimeApi's stake-lock and conviction reads on a taonet node (no stake locks on taonet):
the real btcli 9.23.2 asks `get_coldkey_lock` for every subnet a coldkey has stake on before
`stake list` and `stake remove`, so an unserved method stopped both (4003 "not served")."""
from __future__ import annotations

from node.substrate import runtime_rpc
from node.substrate.codec import codec
from tests.node.substrate.test_runtime_apis import A, call, node  # noqa: F401  (the module's node fixture)

# The StakeInfoRuntimeApi methods bittensor-cli 9.23.2 calls (src/bittensor/subtensor_interface.py)
REAL_BTCLI_CALLS = ["get_stake_info_for_coldkey", "get_stake_info_for_coldkeys", "get_stake_info_for_hotkey_coldkey_netuid",
                    "get_coldkey_lock", "get_hotkey_conviction", "get_most_convicted_hotkey_on_subnet"]


def test_the_stake_info_methods_the_real_btcli_calls_are_served():
    runtime = {m for api, m in codec().apis if api == "StakeInfoRuntimeApi"}
    assert set(REAL_BTCLI_CALLS) <= runtime
    assert [m for m in REAL_BTCLI_CALLS if f"StakeInfoRuntimeApi_{m}" not in runtime_rpc.HANDLERS] == []


def test_no_lock_and_no_conviction_where_taonet_has_stake(node):  # noqa: F811
    assert call(node, "StakeInfoRuntimeApi_get_stake_info_for_coldkey", A("charlie"))  # charlie has stake on 1
    assert call(node, "StakeInfoRuntimeApi_get_coldkey_lock", A("charlie"), 1) is None
    assert call(node, "StakeInfoRuntimeApi_get_coldkey_lock", A("eve"), 7) is None
    assert call(node, "StakeInfoRuntimeApi_get_hotkey_conviction", A("hk-b"), 1) in (0, {"bits": 0})
    assert call(node, "StakeInfoRuntimeApi_get_most_convicted_hotkey_on_subnet", 1) is None
