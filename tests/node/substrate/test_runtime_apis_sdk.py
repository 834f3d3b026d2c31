"""The real bittensor 10.5.0 SDK (its own venv, tests/interop/conftest.py; skipped cleanly where it
cannot be installed) reads a taonet node through the runtime APIs and agrees with the node's own
taonet_* JSON-RPC: subnets and prices, the metagraph (get_metagraph_info and the Metagraph object),
hyperparameters, stakes, swap simulations and fees, delegates, neurons, burn and lock costs."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.node.substrate.test_runtime_apis import A, build_chain, spec, taonet

TAO = 10**9

SDK_SCRIPT = r"""
import json, sys
import bittensor as bt
st = bt.Subtensor(network=sys.argv[1])
charlie, alice, owner1 = sys.argv[2:5]
out = {}
out["subnets"] = [{"netuid": s.netuid, "price": s.price.rao, "tao_in": s.tao_in.rao, "alpha_in": s.alpha_in.rao,
                   "alpha_out": s.alpha_out.rao, "tempo": s.tempo, "owner_coldkey": s.owner_coldkey}
                  for s in st.all_subnets()]
info = st.get_metagraph_info(1)
out["info"] = {"hotkeys": info.hotkeys, "alpha_stake": [b.rao for b in info.alpha_stake],
               "total_stake": [b.rao for b in info.total_stake], "last_update": info.last_update,
               "validator_permit": info.validator_permit, "num_uids": info.num_uids, "tao_in": info.tao_in.rao,
               "block": info.block, "incentives": info.incentives, "dividends": info.dividends}
m = st.metagraph(1)
out["metagraph"] = {"n": int(m.n), "uids": [int(u) for u in m.uids], "hotkeys": list(m.hotkeys),
                    "I": [float(x) for x in m.I], "D": [float(x) for x in m.D],
                    "ip": [a.ip for a in m.axons], "port": [a.port for a in m.axons]}
hp = st.get_subnet_hyperparameters(1)
out["hyperparameters"] = {k: getattr(hp, k) for k in ("rho", "kappa", "tempo", "immunity_period", "min_burn",
                                                     "max_burn", "weights_rate_limit", "commit_reveal_weights_enabled")}
out["stakes"] = [{"hotkey": s.hotkey_ss58, "netuid": s.netuid, "stake": s.stake.rao, "is_registered": s.is_registered}
                 for s in st.get_stake_info_for_coldkey(charlie)]
sim = st.sim_swap(origin_netuid=0, destination_netuid=1, amount=bt.Balance.from_rao(3 * 10**9))
out["sim_stake"] = {"tao_amount": sim.tao_amount.rao, "alpha_amount": sim.alpha_amount.rao, "tao_fee": sim.tao_fee.rao}
sim = st.sim_swap(origin_netuid=1, destination_netuid=0, amount=bt.Balance.from_rao(2 * 10**9))
out["sim_unstake"] = {"tao_amount": sim.tao_amount.rao, "alpha_amount": sim.alpha_amount.rao,
                      "alpha_fee": sim.alpha_fee.rao}
out["stake_add_fee"] = st.get_stake_add_fee(bt.Balance.from_rao(3 * 10**9), 1).rao
out["delegates"] = {d.hotkey_ss58: {"take": d.take, "owner": d.owner_ss58, "registrations": d.registrations}
                    for d in st.get_delegates()}
out["neurons_lite"] = [{"uid": n.uid, "hotkey": n.hotkey, "last_update": n.last_update} for n in st.neurons_lite(1)]
out["balance"] = st.get_balance(alice).rao
out["recycle"] = st.recycle(1).rao
out["burn_cost"] = st.get_subnet_burn_cost().rao
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def sdk_python():
    from tests.interop.conftest import real_venv

    return real_venv("bittensor-10.5.0", "bittensor==10.5.0")


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    from node.service import BackgroundNode

    data_dir = tmp_path_factory.mktemp("runtime-apis-sdk") / "chain"
    build_chain(data_dir)
    n = BackgroundNode(data_dir, spec(), block_time=None)
    yield n
    n.stop()


def test_real_sdk_reads_agree_with_taonet(node, sdk_python):
    ws = node.url.replace("http://", "ws://")
    done = subprocess.run([str(sdk_python), "-c", SDK_SCRIPT, ws, A("charlie"), A("alice"), A("owner1")],
                          capture_output=True, text=True, timeout=180, cwd="/", env=dict(os.environ), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    sdk = json.loads(done.stdout.strip().splitlines()[-1])

    subnets = {s["netuid"]: s for s in taonet(node, "taonet_subnets")["subnets"]}
    for s in sdk["subnets"]:
        ours = subnets[s["netuid"]]
        assert (s["tao_in"], s["alpha_in"], s["alpha_out"], s["tempo"], s["owner_coldkey"]) == \
            (ours["tao_in"], ours["alpha_in"], ours["alpha_out"], ours["tempo"], ours["owner_coldkey"])
        assert abs(s["price"] / TAO - ours["price"]) < 2e-9
    g = taonet(node, "taonet_metagraph", 1)
    info = sdk["info"]
    assert (info["hotkeys"], info["alpha_stake"], info["total_stake"], info["last_update"], info["validator_permit"]) \
        == (g["hotkeys"], g["alpha_stake"], g["stake"], g["last_update"], g["validator_permit"])
    assert info["num_uids"] == g["n"] == 3 and info["block"] == g["head"] and info["tao_in"] == subnets[1]["tao_in"]
    assert info["incentives"] == pytest.approx([x / 65535 for x in g["incentive"]])
    assert info["dividends"] == pytest.approx([x / 65535 for x in g["dividends"]])
    m = sdk["metagraph"]
    assert (m["n"], m["uids"], m["hotkeys"]) == (3, g["uids"], g["hotkeys"])
    assert m["I"] == pytest.approx([x / 65535 for x in g["incentive"]], abs=1e-6) and any(m["I"])
    assert m["D"] == pytest.approx([x / 65535 for x in g["dividends"]], abs=1e-6) and any(m["D"])
    assert (m["ip"][0], m["port"][0]) == ("10.0.0.1", 8091)
    hp = {r["name"]: r["raw"] for r in taonet(node, "taonet_hyperparameters", 1)["hyperparameters"]}
    assert sdk["hyperparameters"] == {k: hp[k] for k in sdk["hyperparameters"]}
    stakes = taonet(node, "taonet_stakeInfo", [A("charlie")])["stakes"]
    assert sdk["stakes"] == [{"hotkey": r["hotkey"], "netuid": r["netuid"], "stake": r["alpha"],
                              "is_registered": r["uid"] is not None} for r in stakes]
    quote = taonet(node, "taonet_stakeQuote", 1, "stake", 3 * TAO)
    assert sdk["sim_stake"] == {"tao_amount": quote["amount_used"], "alpha_amount": quote["received"],
                                "tao_fee": quote["fee"]}
    assert sdk["stake_add_fee"] == quote["fee"] > 0
    quote = taonet(node, "taonet_stakeQuote", 1, "unstake", 2 * TAO)
    assert sdk["sim_unstake"] == {"tao_amount": quote["received"], "alpha_amount": quote["amount_used"],
                                  "alpha_fee": quote["fee"]}
    take = taonet(node, "taonet_delegateTake", A("hk-b"))
    assert sdk["delegates"][A("hk-b")]["take"] == pytest.approx(take["take"] / 65535)
    assert sdk["delegates"][A("hk-b")]["owner"] == take["owner"] and sdk["delegates"][A("hk-b")]["registrations"] == [1]
    neurons = taonet(node, "taonet_neurons", 1)["neurons"]
    assert sdk["neurons_lite"] == [{"uid": n["uid"], "hotkey": n["hotkey"], "last_update": n["last_update"]}
                                   for n in neurons]
    assert sdk["balance"] == taonet(node, "taonet_accountInfo", A("alice"))["free"]
    assert sdk["recycle"] == subnets[1]["burn"]
    assert sdk["burn_cost"] == taonet(node, "taonet_lockCost")["lock_cost"]
