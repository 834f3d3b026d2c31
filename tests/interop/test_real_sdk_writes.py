"""The real bittensor 10.5.0 SDK writes to a taonet dev node, and taonet's own JSON-RPC agrees.

One `btcli node start --dev` subprocess (free port, tmp data dir, HOME a tmp dir) for the module,
two subnets made through taonet's JSON-RPC (1 with commit-reveal off, 2 with it on; tempo 10,
weights rate limit 0), then ONE run of the SDK (its own venv, tests/interop/conftest.py; skipped
where it cannot be installed; loopback only and no public-IP lookup: test_real_sdk_subtensor's
prelude) through `bt.Subtensor(network="ws://127.0.0.1:PORT")` with wallets of dev keys:
transfer, burned_register, add_stake(safe_staking=True), unstake (safe), serve_axon from a hotkey
holding no TAO (free, as on subtensor: Pays::No) and again within the serving rate limit (refused
before the pool, nothing charged), set_weights on subnet 1, set_weights on subnet 2 (the SDK sends
a timelocked commit taonet cannot open: refused with what to do instead, nothing charged), then
commit_weights and reveal_weights on subnet 2. Each test checks one write against taonet's
JSON-RPC: balances to the rao (fees as the TransactionFeePaid events say), stakes, uids, the axon,
weights.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from node.builder import address_of, dev_key
from tests.interop.test_real_sdk_subtensor import sdk
from tests.node.fixtures import free_port, wait_for

pytestmark = [pytest.mark.interop, pytest.mark.slow]
TAO = 10**9
MINER = address_of("miner")  # Charlie's hotkey: registered by the SDK, never funded
OWNER1, OWNER2 = address_of("owner1"), address_of("owner2")  # Alice's subnet-owner hotkeys
PAYEE = address_of("payee")  # a new account
AXON = ("203.0.113.7", 8091)


class DevNode:
    """`btcli node start --dev` in the foreground, as a subprocess of the test."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.data_dir = root / "chain"
        env = dict(os.environ, HOME=str(root / "home"))
        btcli = shutil.which("btcli", path=str(Path(sys.executable).parent)) or "btcli"
        self.log = open(root / "node.log", "ab")  # noqa: SIM115  (closed in stop())
        self.proc = subprocess.Popen([btcli, "node", "start", "--dev", "--data-dir", str(self.data_dir), "--rpc-port",
                                      str(self.port), "--block-time", "0.1"], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_for(self._ready, timeout=60, what="the dev node's RPC")

    def _ready(self) -> bool:
        assert self.proc.poll() is None, f"btcli node start exited with {self.proc.returncode}"
        if not (self.data_dir / "node.json").exists():
            return False
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self.log.close()


def make_subnets(rpc) -> None:
    """Subnet 1 (commit-reveal off) and 2 (on), both owned by Alice, tempo 10, no weights rate limit."""
    def run(call: str, /, **args) -> None:
        outcome = rpc.submit_and_wait(rpc.sign(dev_key("alice"), call, args))
        assert outcome["success"], outcome

    def sudo_set(netuid: int, parameter: str, value) -> None:
        run("sudo.sudo", call={"call": "admin_utils.set_hyperparameter",
                               "args": {"netuid": netuid, "parameter": parameter, "value": value}})

    for netuid, owner in ((1, OWNER1), (2, OWNER2)):
        run("subtensor.register_network", hotkey=owner)
        run("subtensor.start_call", netuid=netuid)
        sudo_set(netuid, "tempo", 10)
        sudo_set(netuid, "weights_rate_limit", 0)
    sudo_set(1, "commit_reveal_weights_enabled", False)


# The SDK's side: each step's outcome as the SDK reports it (success, message, fee, extrinsic hash).
SCRIPT = f"""
alice1, alice2 = dev_wallet("//Alice", "//Owner1"), dev_wallet("//Alice", "//Owner2")
bob, charlie = dev_wallet("//Bob", "//Bob"), dev_wallet("//Charlie", "//Miner")
wait = dict(mev_protection=False, wait_for_inclusion=True, wait_for_finalization=True)

def seen(r):
    receipt = r.extrinsic_receipt
    return {{"success": r.success, "message": r.message, "fee": None if r.extrinsic_fee is None else r.extrinsic_fee.rao,
            "hash": receipt.extrinsic_hash if receipt is not None else None}}

out = {{}}
out["transfer"] = seen(st.transfer(alice1, {PAYEE!r}, bt.Balance.from_rao(1_234_567_891), keep_alive=True, **wait))
out["register1"] = seen(st.burned_register(charlie, 1, **wait))
out["register2"] = seen(st.burned_register(charlie, 2, **wait))
out["uids"] = [st.get_uid_for_hotkey_on_subnet({MINER!r}, n) for n in (1, 2)]
out["stake"] = seen(st.add_stake(bob, 1, {MINER!r}, bt.Balance.from_tao(5), safe_staking=True, rate_tolerance=0.05,
                                 **wait))
out["staked"] = st.get_stake(bob.coldkeypub.ss58_address, {MINER!r}, 1).rao
out["unstake"] = seen(st.unstake(bob, 1, {MINER!r}, bt.Balance.from_rao(out["staked"] // 3), safe_unstaking=True,
                                 rate_tolerance=0.05, **wait))
out["stake_left"] = st.get_stake(bob.coldkeypub.ss58_address, {MINER!r}, 1).rao

serve = pallets.SubtensorModule(st).serve_axon(netuid=1, version=1, ip=networking.ip_to_int({AXON[0]!r}),
                                                port={AXON[1]}, ip_type=4, protocol=4, placeholder1=0, placeholder2=0)
signed = st.substrate.create_signed_extrinsic(call=serve, keypair=charlie.hotkey)
out["serve_query_info"] = int(st.substrate.rpc_request("payment_queryInfo", [str(signed.data)])["result"]["partialFee"])
out["serve_payment_info"] = st.substrate.get_payment_info(serve, charlie.hotkey)["partial_fee"]
out["serve_fee_estimate"] = st.get_extrinsic_fee(serve, charlie.hotkey).rao
axon = bt.Axon(wallet=charlie, port={AXON[1]}, external_ip={AXON[0]!r}, external_port={AXON[1]})
out["serve"] = seen(st.serve_axon(1, axon, **wait))
out["axon"] = [(a.ip, a.port) for a in st.metagraph(1).axons]
axon = bt.Axon(wallet=charlie, port={AXON[1] + 1}, external_ip={AXON[0]!r}, external_port={AXON[1] + 1})
out["serve_again"] = seen(st.serve_axon(1, axon, **wait))  # within serving_rate_limit

out["set_weights"] = seen(st.set_weights(alice1, 1, [0, 1], [0.25, 0.75], **wait))
out["set_weights_cr"] = seen(st.set_weights(alice2, 2, [0, 1], [0.25, 0.75], **wait))

out["commit"] = seen(st.commit_weights(alice2, 2, [7, 8, 9], [0, 1], [65535, 21845], **wait))
out["early_reveals"] = []
for _ in range(80):  # until the reveal epoch (the next epoch of subnet 2): earlier reveals are refused, free
    reveal = seen(st.reveal_weights(alice2, 2, [0, 1], [65535, 21845], [7, 8, 9], max_attempts=1, **wait))
    if reveal["success"]:
        break
    out["early_reveals"].append(reveal["message"])
    st.wait_for_block()
out["reveal"] = reveal
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def written(real_sdk_python, tmp_path_factory):
    """(what the SDK reported, taonet's JSON-RPC, balances and nonces before) after the SDK's writes."""
    from client.taonet import TaonetBackend

    root = tmp_path_factory.mktemp("sdk-writes")
    (root / "home").mkdir()
    node = DevNode(root)
    rpc = TaonetBackend(f"http://127.0.0.1:{node.port}")
    try:
        make_subnets(rpc)
        who = [dev_key(n).ss58_address for n in ("alice", "bob", "charlie")] + [MINER, OWNER1, OWNER2, PAYEE]
        before = {i["address"]: (i["free"], i["nonce"]) for i in rpc.call("taonet_accountInfos", who)}
        theirs = sdk(real_sdk_python, root / "sdk", f"ws://127.0.0.1:{node.port}",
                     "from bittensor.core.extrinsics import pallets\n" + SCRIPT)
        yield theirs, rpc, before
    finally:
        rpc.close()
        node.stop()


def account(rpc, who: str) -> tuple[int, int]:
    info = rpc.call("taonet_accountInfo", who)
    return info["free"], info["nonce"]


def paid(rpc, ext_hash: str) -> tuple[dict, int]:
    """(the extrinsic's place in its block, the fee its TransactionFeePaid event says it paid)."""
    where = rpc.call("taonet_extrinsicStatus", ext_hash)
    assert where["status"] == "included", where
    events = [e for e in rpc.call("taonet_events", where["block_number"]) if e.get("extrinsic_index") == where["index"]]
    fees = [e["data"]["actual_fee"] for e in events if e["name"] == "transaction_payment.TransactionFeePaid"]
    assert len(fees) == 1, events
    return where, fees[0]


def test_transfer_moves_the_amount_to_the_rao_and_charges_the_fee_taonet_reports(written):
    theirs, rpc, before = written
    t = theirs["transfer"]
    assert t["success"], t["message"]
    where, fee = paid(rpc, t["hash"])
    assert where["success"] and t["fee"] == fee > 0
    alice = dev_key("alice").ss58_address
    assert account(rpc, PAYEE) == (1_234_567_891, 0)
    assert account(rpc, alice) == (before[alice][0] - 1_234_567_891 - fee, before[alice][1] + 1)  # only it signed


def test_burned_register_gives_the_uid_taonet_lists(written):
    theirs, rpc, before = written
    charlie = dev_key("charlie").ss58_address
    spent = 0
    for netuid, step in ((1, "register1"), (2, "register2")):
        r = theirs[step]
        assert r["success"], r["message"]
        where, fee = paid(rpc, r["hash"])
        assert r["fee"] == fee
        registered = [e for e in rpc.call("taonet_events", where["block_number"])
                      if e.get("extrinsic_index") == where["index"] and e["name"] == "subtensor.NeuronRegistered"]
        spent += fee + registered[0]["data"]["burn"]
        uids = {n["hotkey"]: (n["uid"], n["coldkey"]) for n in rpc.call("taonet_neurons", netuid)["neurons"]}
        assert uids[MINER] == (theirs["uids"][netuid - 1], charlie)
    assert account(rpc, charlie) == (before[charlie][0] - spent, before[charlie][1] + 2)


def test_safe_stake_and_unstake_agree_with_taonet_to_the_rao(written):
    theirs, rpc, before = written
    bob = dev_key("bob").ss58_address
    moved = 0
    for step in ("stake", "unstake"):
        r = theirs[step]
        assert r["success"], r["message"]
        where, fee = paid(rpc, r["hash"])
        assert r["fee"] == fee
        events = {e["name"]: e["data"] for e in rpc.call("taonet_events", where["block_number"])
                  if e.get("extrinsic_index") == where["index"]}
        moved += fee + (events["subtensor.StakeAdded"]["tao"] if step == "stake" else -events["subtensor.StakeRemoved"]["tao"])
    assert theirs["staked"] > 0 and theirs["stake_left"] == theirs["staked"] - theirs["staked"] // 3
    rows = {(r["hotkey"], r["netuid"]): r["alpha"] for r in rpc.call("taonet_stakeInfo", [bob])["stakes"]}
    assert rows[(MINER, 1)] == theirs["stake_left"]
    assert account(rpc, bob) == (before[bob][0] - moved, before[bob][1] + 2)


def test_serve_axon_is_free_for_a_hotkey_holding_no_tao(written):
    """As on subtensor (serve_axon is Pays::No): the SDK's fee estimates say 0, the axon is on chain,
    the hotkey (never funded) still holds nothing; only its nonce moved."""
    theirs, rpc, before = written
    assert before[MINER] == (0, 0)
    assert theirs["serve_query_info"] == theirs["serve_payment_info"] == theirs["serve_fee_estimate"] == 0
    r = theirs["serve"]
    assert r["success"], r["message"]
    assert paid(rpc, r["hash"])[1] == 0 and r["fee"] == 0
    neurons = {n["hotkey"]: n for n in rpc.call("taonet_neurons", 1)["neurons"]}
    axon = neurons[MINER]["axon"]
    assert (axon["ip"], axon["port"], axon["ip_type"]) == (*AXON, 4)
    assert tuple(theirs["axon"][neurons[MINER]["uid"]]) == AXON  # the SDK's metagraph reads it back
    assert account(rpc, MINER) == (0, 1)


def test_serving_again_within_the_rate_limit_is_refused_before_the_pool(written):
    """Being free, a serve_axon that would fail is refused at submission (as the chain's
    CheckServingEndpoints does), so the rate limit cannot be spammed: nothing is signed into a block."""
    theirs, rpc, _ = written
    again = theirs["serve_again"]
    assert not again["success"] and again["hash"] is None
    assert "ServingRateLimitExceeded" in again["message"] and "serving_rate_limit 50" in again["message"]
    assert rpc.call("taonet_neurons", 1)["neurons"][theirs["uids"][0]]["axon"]["port"] == AXON[1]
    assert account(rpc, MINER) == (0, 1)


def test_set_weights_on_a_subnet_without_commit_reveal(written):
    theirs, rpc, before = written
    r = theirs["set_weights"]
    assert r["success"], r["message"]
    assert paid(rpc, r["hash"])[1] == 0 == r["fee"]  # weights are free (Pays::No)
    graph = rpc.call("taonet_metagraph", 1, True)
    assert graph["weights"][str(0)] == [[0, 21845], [1, 65535]]  # 0.25, 0.75 max-upscaled to u16, as the SDK sends
    assert account(rpc, OWNER1) == (0, before[OWNER1][1] + 1)


def test_the_sdks_timelocked_commit_is_refused_with_what_to_do(written):
    """On a commit-reveal subnet the 10.5 SDK's set_weights sends commit_timelocked_mechanism_weights
    (drand): taonet cannot open it, so the pool refuses it naming the call and the two ways that
    work; nothing is charged and no nonce moves."""
    theirs, rpc, before = written
    r = theirs["set_weights_cr"]
    assert not r["success"] and r["hash"] is None
    message = r["message"]
    assert "SubtensorModule.commit_timelocked_mechanism_weights is not supported by taonet" in message
    assert "btcli sudo set --netuid 2 --param commit_reveal_weights_enabled --value false" in message
    assert "commit_weights and reveal_weights" in message
    assert account(rpc, OWNER2) == (0, before[OWNER2][1] + 2)  # the commit and the reveal only


def test_commit_then_reveal_on_a_commit_reveal_subnet(written):
    theirs, rpc, _ = written
    commit, reveal = theirs["commit"], theirs["reveal"]
    assert commit["success"], commit["message"]
    assert reveal["success"], (reveal["message"], theirs["early_reveals"])
    assert paid(rpc, commit["hash"])[1] == paid(rpc, reveal["hash"])[1] == 0
    # a reveal before the reveal epoch is refused before the pool (free, no nonce: see the test above)
    assert all("RevealTooEarly" in m for m in theirs["early_reveals"]), theirs["early_reveals"]
    assert rpc.call("taonet_metagraph", 2, True)["weights"][str(0)] == [[0, 65535], [1, 21845]]
    assert rpc.call("taonet_weightCommits", 2, OWNER2)["commits"] == []
