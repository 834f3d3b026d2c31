"""The real bittensor 10.5.0 SDK on a taonet dev node's sub-mechanisms: it reads the count and the
split (MechanismCountCurrent, MechanismEmissionSplit), sets weights on mechanism 1
(`set_weights(mechid=1)` signs SubtensorModule.set_mechanism_weights), reads them back per mechanism
(Weights under the index mecid·4096 + netuid) and the mechanism's metagraph (get_selective_mechagraph, netuid = the index 4097 split back into netuid 1, mechid 1);
taonet's JSON-RPC agrees. One `btcli node start --dev` subprocess, the SDK in its own venv
(skipped where it cannot be installed; loopback only)."""
from __future__ import annotations

import pytest

from node.builder import address_of, dev_key
from tests.interop.test_real_sdk_subtensor import sdk
from tests.interop.test_real_sdk_writes import DevNode

pytestmark = [pytest.mark.interop, pytest.mark.slow]
OWNER1 = address_of("owner1")
SPLIT = [16384, 49151]

SCRIPT = """
alice1 = dev_wallet("//Alice", "//Owner1")
wait = dict(mev_protection=False, wait_for_inclusion=True, wait_for_finalization=True)
out = {"count": st.get_mechanism_count(1), "split": st.get_mechanism_emission_split(1)}
r = st.set_weights(alice1, 1, [0], [1.0], mechid=1, **wait)
out["set"] = {"success": r.success, "message": r.message}
out["weights1"] = [[uid, [list(p) for p in row]] for uid, row in st.weights(1, mechid=1)]
out["weights0"] = [[uid, [list(p) for p in row]] for uid, row in st.weights(1)]
info = st.get_metagraph_info(1, mechid=1)
out["mechagraph"] = [int(info.netuid), int(info.mechid)]
out["mechagraph_hotkeys"] = list(info.hotkeys)
print(json.dumps(out))
"""


def test_the_sdk_reads_and_sets_mechanism_weights(real_sdk_python, tmp_path):
    from client.taonet import TaonetBackend

    (tmp_path / "home").mkdir()
    node = DevNode(tmp_path)
    rpc = TaonetBackend(f"http://127.0.0.1:{node.port}")
    try:
        def run(call: str, /, **args) -> None:
            outcome = rpc.submit_and_wait(rpc.sign(dev_key("alice"), call, args))
            assert outcome["success"], outcome

        run("subtensor.register_network", hotkey=OWNER1)
        run("subtensor.start_call", netuid=1)
        for parameter, value in (("weights_rate_limit", 0), ("commit_reveal_weights_enabled", False),
                                 ("max_allowed_uids", 128)):
            run("sudo.sudo", call={"call": "admin_utils.set_hyperparameter",
                                   "args": {"netuid": 1, "parameter": parameter, "value": value}})
        run("admin_utils.set_mechanism_count", netuid=1, mechanism_count=2)
        run("sudo.sudo", call={"call": "admin_utils.set_mechanism_emission_split",
                               "args": {"netuid": 1, "maybe_split": SPLIT}})
        theirs = sdk(real_sdk_python, tmp_path / "sdk", f"ws://127.0.0.1:{node.port}", SCRIPT)
        assert theirs["count"] == 2
        assert theirs["split"] == [round(v / sum(SPLIT) * 100) for v in SPLIT]  # the SDK shows percentages
        assert theirs["set"]["success"], theirs["set"]["message"]
        assert theirs["weights1"] == [[0, [[0, 65535]]]] and theirs["weights0"] == []
        # the façade answers netuid = the storage index 4097, which the SDK splits into (netuid 1, mechid 1)
        assert theirs["mechagraph"] == [1, 1] and theirs["mechagraph_hotkeys"] == [OWNER1]
        ours = rpc.call("taonet_mechanisms", 1, 1)
        assert ours["count"] == 2 and ours["split"] == SPLIT
        assert rpc.call("taonet_metagraph", 1, True)["weights"] == {}  # mechanism 0 has none
    finally:
        rpc.close()
        node.stop()
