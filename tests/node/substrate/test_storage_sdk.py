"""The real bittensor SDK 10.5.0 (its own venv, tests/interop/conftest.py; skipped where it cannot be
installed) reads a real `python -m node start --dev` over ws:// through the façade's storage, and
agrees with the node's own taonet JSON-RPC about the same state."""
from __future__ import annotations

import json

import pytest

from node.builder import address_of, dev_key

PROBE = """
import json, sys
import bittensor as bt
st = bt.Subtensor(network=sys.argv[1])
alice, bob, hot, owner_hot = sys.argv[2:6]
print(json.dumps({
    "balance": st.get_balance(alice).rao,
    "total_subnets": st.get_total_subnets(),
    "netuids": st.get_all_subnets_netuid(),
    "exists": [st.subnet_exists(1), st.subnet_exists(9)],
    "tempo": st.tempo(1),
    "registered": st.is_hotkey_registered(hot, 1),
    "uid": st.get_uid_for_hotkey_on_subnet(hot, 1),
    "immunity_period": st.immunity_period(1),
    "kappa": st.get_hyperparameter("Kappa", 1),
    "hotkey_owner": st.get_hotkey_owner(hot),
    "weights_rate_limit": st.weights_rate_limit(1),
    "commit_reveal": st.commit_reveal_enabled(1),
    "take": st.get_delegate_take(hot),
    "owner_hotkey": st.get_subnet_owner_hotkey(1),
    "active": st.is_subnet_active(1),
    "mechanisms": st.get_mechanism_count(1),
}))
"""


@pytest.fixture(scope="module")
def sdk_python():
    from tests.interop.conftest import real_venv

    return real_venv("bittensor-10.5.0", "bittensor==10.5.0")


def test_real_sdk_reads_agree_with_taonet(sdk_python, tmp_path):
    import subprocess

    from tests.node.fixtures import NodeProcess

    proc = NodeProcess(tmp_path / "node", block_time=0.1)
    try:
        taonet = proc.rpc()

        def run(who: str, call: str, /, **args) -> None:
            outcome = taonet.submit_and_wait(taonet.sign(dev_key(who), call, args))
            assert outcome["success"], outcome

        run("alice", "subtensor.register_network", hotkey=address_of("owner1"), subnet_name="apple", symbol="A")
        run("alice", "subtensor.start_call", netuid=1)
        run("bob", "subtensor.burned_register", netuid=1, hotkey=address_of("bobhot"))
        script = tmp_path / "probe.py"
        script.write_text(PROBE)
        done = subprocess.run([str(sdk_python), str(script), f"ws://127.0.0.1:{proc.port}", address_of("alice"),
                               address_of("bob"), address_of("bobhot"), address_of("owner1")],
                              check=False, capture_output=True, text=True, timeout=240, cwd="/")
        assert done.returncode == 0, done.stderr[-3000:]
        sdk = json.loads(done.stdout.strip().splitlines()[-1])
        subnets = taonet.call("taonet_subnets")["subnets"]
        params = {row["name"]: row["value"] for row in taonet.call("taonet_hyperparameters", 1)["hyperparameters"]}
        neurons = {n["hotkey"]: n["uid"] for n in taonet.call("taonet_neurons", 1)["neurons"]}
        take = taonet.call("taonet_delegateTake", address_of("bobhot"))
        assert sdk == {
            "balance": taonet.call("taonet_accountInfo", address_of("alice"))["free"],
            "total_subnets": len(subnets), "netuids": [s["netuid"] for s in subnets], "exists": [True, False],
            "tempo": params["tempo"], "registered": True, "uid": neurons[address_of("bobhot")],
            "immunity_period": params["immunity_period"], "kappa": params["kappa"],
            "hotkey_owner": address_of("bob"), "weights_rate_limit": params["weights_rate_limit"],
            "commit_reveal": params["commit_reveal_weights_enabled"], "take": pytest.approx(take["take_fraction"]),
            "owner_hotkey": address_of("owner1"), "active": True, "mechanisms": 1,
        }
    finally:
        proc.stop()
