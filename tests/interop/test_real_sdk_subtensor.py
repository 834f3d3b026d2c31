"""The real bittensor SDK (10.5.0) and taonet's subtensor backend against one fake subtensor node.

The SDK runs in its own venv as a subprocess (tests/interop/conftest.py) and connects to the same
FakeSubtensor (tests/substrate/fake_subtensor.py, spec-461 metadata) as taonet's SubtensorBackend.
They agree on:
- the SCALE bytes of one operation, composed by the SDK's pallet builders
  (bittensor.core.extrinsics.pallets) and by taonet's client.subtensor.calls;
- what the SDK's own extrinsic functions would sign (caught at `Subtensor.sign_and_send_extrinsic`)
  and what taonet builds from the same chain: transfer, safe stake and unstake (limit price from the
  pool, allow_partial), burned register, register_limit, set weights (u16 conversion);
- balances and stakes read (get_balance, get_stake, get_stake_info_for_coldkey vs the read model);
- transfers signed and submitted by one and seen by the other.
Known differences are asserted as such: the SDK sets weights with set_mechanism_weights (mecid 0)
where taonet sends set_weights, and it computes a stake limit in floats (one rao lower when
price·(1+tolerance)·10^9 falls just under a whole number).
The subprocess reaches nothing but loopback (a socket guard; the SDK's public-IP lookup replaced)
and keeps its HOME, wallets and logs in the test's tmp dir.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from client import staking
from client import weights as client_weights
from client.subtensor import calls
from client.subtensor.backend import SubtensorBackend
from tests.interop.conftest import run_real
from tests.substrate.fake_subtensor import (
    ALICE,
    BOB,
    CHARLIE,
    RAO,
    FakeSubtensor,
    address,
)
from wallet.keypair import Keypair

pytestmark = [pytest.mark.interop, pytest.mark.slow]
DAVE = address("//Dave")

# Run first in the SDK's interpreter: only loopback connections, no public-IP lookup, dev wallets.
SDK_PRELUDE = r'''
import ipaddress, json, os, socket, tempfile

def _loopback_only(address):
    if isinstance(address, tuple):
        host = str(address[0]).split("%")[0]
        try:
            allowed = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = False
        if not allowed:
            raise OSError(f"interop test: no connection beyond loopback ({host})")

_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
def _guarded_connect(self, address):
    _loopback_only(address)
    return _connect(self, address)
def _guarded_connect_ex(self, address):
    _loopback_only(address)
    return _connect_ex(self, address)
socket.socket.connect, socket.socket.connect_ex = _guarded_connect, _guarded_connect_ex

import bittensor as bt
from bittensor.utils import networking
networking.get_external_ip = lambda: "127.0.0.1"  # axons, dendrites and serving look up a public IP
from bittensor_wallet import Keypair, Wallet

def dev_wallet(cold, hot):
    """A wallet in the tmp dir holding the dev keys `cold` (coldkey) and `hot` (hotkey), unencrypted."""
    w = Wallet(name="w" + cold.strip("/") + hot.strip("/"), hotkey="hk", path=os.environ["BT_WALLET_PATH"])
    coldkey = Keypair.create_from_uri(cold)
    w.set_coldkey(coldkey, encrypt=False, overwrite=True)
    w.set_coldkeypub(coldkey, overwrite=True)
    w.set_hotkey(Keypair.create_from_uri(hot), encrypt=False, overwrite=True)
    return w
'''


@pytest.fixture(scope="module", autouse=True)
def own_home(tmp_path_factory):
    """taonet's side too keeps its files (the metadata cache) in a tmp dir, never the user's ~/.bittensor."""
    home = tmp_path_factory.mktemp("taonet-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("TAONET_METADATA_CACHE", str(home / "metadata"))
        yield home


def sdk(python: Path, home: Path, url: str, code: str) -> dict:
    """Run `code` (after SDK_PRELUDE, with `st` connected to `url`) in the SDK's venv; its last line is JSON."""
    (home / "wallets").mkdir(parents=True, exist_ok=True)
    script = f"{SDK_PRELUDE}\nst = bt.Subtensor(network={url!r})\ntry:\n" + \
        "".join(f"    {line}\n" for line in code.strip().splitlines()) + "finally:\n    st.close()\n"
    env = {"HOME": str(home), "BT_WALLET_PATH": str(home / "wallets"), "BT_LOGGING_LOGGING_DIR": str(home / "logs"),
           "BT_SUBTENSOR_NETWORK": url, "BT_SUBTENSOR_CHAIN_ENDPOINT": url, "BT_AXON_EXTERNAL_IP": "127.0.0.1",
           "BT_MEV_PROTECTION": "0", "TMPDIR": str(home)}
    return json.loads(run_real(python, script, **env))


def ours(node: FakeSubtensor, neutral: dict[str, tuple[str, dict]]) -> dict[str, str]:
    """label -> the call (0x-hex) taonet's subtensor backend composes for each neutral (call, args)."""
    with SubtensorBackend(node.url) as backend:
        runtime = calls.runtime_of(backend.conn)
        return {label: "0x" + calls.call_bytes(runtime, name, args).hex() for label, (name, args) in neutral.items()}


# label: (taonet's neutral call and arguments, the SDK's pallet builder and keyword arguments)
AXON_IP = "203.0.113.7"
COMPOSED = {
    "transfer_keep_alive": (("balances.transfer_keep_alive", {"dest": BOB, "value": 1_500_000_001}),
                            ("Balances", "transfer_keep_alive", {"dest": BOB, "value": 1_500_000_001})),
    "transfer_allow_death": (("balances.transfer_allow_death", {"dest": DAVE, "value": 7}),
                             ("Balances", "transfer_allow_death", {"dest": DAVE, "value": 7})),
    "add_stake_limit": (("subtensor.add_stake_limit", {"hotkey": BOB, "netuid": 2, "amount_staked": 10 * RAO,
                                                       "limit_price": 2_010_000_000, "allow_partial": True}),
                        ("SubtensorModule", "add_stake_limit", {"hotkey": BOB, "netuid": 2, "amount_staked": 10 * RAO,
                                                                "limit_price": 2_010_000_000, "allow_partial": True})),
    "remove_stake_limit": (("subtensor.remove_stake_limit", {"hotkey": BOB, "netuid": 1, "amount_unstaked": 40 * RAO,
                                                             "limit_price": 245_000_000, "allow_partial": False}),
                           ("SubtensorModule", "remove_stake_limit",
                            {"hotkey": BOB, "netuid": 1, "amount_unstaked": 40 * RAO, "limit_price": 245_000_000,
                             "allow_partial": False})),
    "burned_register": (("subtensor.burned_register", {"netuid": 2, "hotkey": CHARLIE}),
                        ("SubtensorModule", "burned_register", {"netuid": 2, "hotkey": CHARLIE})),
    "register_limit": (("subtensor.burned_register", {"netuid": 2, "hotkey": CHARLIE, "max_burn": 2_500_000_000}),
                       ("SubtensorModule", "register_limit", {"netuid": 2, "hotkey": CHARLIE,
                                                              "limit_price": 2_500_000_000})),
    "set_weights": (("subtensor.set_weights", {"netuid": 1, "dests": [0, 1, 2], "weights": [32768, 16384, 65535],
                                               "version_key": 7}),
                    ("SubtensorModule", "set_weights", {"netuid": 1, "dests": [0, 1, 2],
                                                        "weights": [32768, 16384, 65535], "version_key": 7})),
    "serve_axon": (("subtensor.serve_axon", {"netuid": 1, "ip": AXON_IP, "port": 8091, "ip_type": 4, "protocol": 4,
                                             "version": 1005}),
                   ("SubtensorModule", "serve_axon", {"netuid": 1, "ip": f"IP:{AXON_IP}", "port": 8091, "ip_type": 4,
                                                      "protocol": 4, "version": 1005})),
}


def test_the_sdks_pallet_builders_and_taonet_compose_the_same_bytes(real_sdk_python, tmp_path):
    with FakeSubtensor() as node:
        builders = {label: sdk_side for label, (_, sdk_side) in COMPOSED.items()}
        theirs = sdk(real_sdk_python, tmp_path, node.url, f"""
from bittensor.core.extrinsics import pallets
def arg(v):
    return networking.ip_to_int(v[3:]) if isinstance(v, str) and v.startswith("IP:") else v
out = {{}}
for label, (pallet, function, kwargs) in {builders!r}.items():
    call = getattr(getattr(pallets, pallet)(st), function)(**{{k: arg(v) for k, v in kwargs.items()}})
    out[label] = call.data.to_hex()
print(json.dumps(out))
""")
        mine = ours(node, {label: taonet_side for label, (taonet_side, _) in COMPOSED.items()})
    assert mine == theirs


@pytest.fixture(scope="module")
def sdk_extrinsics(real_sdk_python, tmp_path_factory) -> tuple[dict, dict]:
    """What the SDK's own extrinsic functions would sign on the standard fake chain (caught before
    signing), and what taonet's backend builds for the same operations from the same chain."""
    with FakeSubtensor(accounts={ALICE: 1_000_000 * RAO, BOB: 5 * RAO}) as node:
        theirs = sdk(real_sdk_python, tmp_path_factory.mktemp("sdk"), node.url, f"""
from bittensor.core.extrinsics.weights import set_weights_extrinsic
from bittensor.core.types import ExtrinsicResponse
from bittensor.utils.weight_utils import convert_and_normalize_weights_and_uids
caught = {{}}
def catch(self, call, wallet, *args, **kwargs):
    caught[call.value["call_function"]] = call.data.to_hex()
    return ExtrinsicResponse(False, "caught before signing")
bt.Subtensor.sign_and_send_extrinsic = catch
alice_bob, alice_charlie = dev_wallet("//Alice", "//Bob"), dev_wallet("//Alice", "//Charlie")
no_mev = dict(mev_protection=False, wait_for_finalization=False)
st.transfer(alice_bob, {BOB!r}, bt.Balance.from_rao(1_500_000_001), keep_alive=True, **no_mev)
st.add_stake(alice_bob, 2, {BOB!r}, bt.Balance.from_rao({10 * RAO}), safe_staking=True, allow_partial_stake=True,
             rate_tolerance=0.005, **no_mev)
st.unstake(alice_bob, 1, {BOB!r}, bt.Balance.from_rao({40 * RAO}), safe_unstaking=True, allow_partial_stake=False,
           rate_tolerance=0.02, **no_mev)
st.burned_register(alice_charlie, 2, **no_mev)
st.register_limit(alice_charlie, 2, bt.Balance.from_rao(2_500_000_000), **no_mev)
set_weights_extrinsic(st, alice_bob, netuid=1, mechid=0, uids=[0, 1, 2], weights=[0.5, 0.25, 1.0], version_key=7,
                      **no_mev)
print(json.dumps({{"caught": caught, "u16": convert_and_normalize_weights_and_uids([0, 1, 2], [0.5, 0.25, 1.0]),
                  "prices": [st.subnet(1).price.rao, st.subnet(2).price.rao]}}))
""")
        with SubtensorBackend(node.url) as backend:
            runtime = calls.runtime_of(backend.conn)

            def hexed(call: tuple[str, dict]) -> str:
                return "0x" + calls.call_bytes(runtime, *call).hex()

            stake_price = backend.call("taonet_stakeQuote", 2, "stake", 10 * RAO)["price_before"]
            unstake_price = backend.call("taonet_stakeQuote", 1, "unstake", 40 * RAO)["price_before"]
            u16 = client_weights.to_u16([0.5, 0.25, 1.0])
            mine = {
                "transfer_keep_alive": hexed(("balances.transfer_keep_alive", {"dest": BOB, "value": 1_500_000_001})),
                "add_stake_limit": hexed(staking.stake_call(
                    BOB, 2, 10 * RAO, staking.limit_price(stake_price, 0.005, "stake", real_btcli=True), True)),
                "remove_stake_limit": hexed(staking.unstake_call(
                    BOB, 1, 40 * RAO, staking.limit_price(unstake_price, 0.02, "unstake", real_btcli=True), False)),
                "burned_register": hexed(("subtensor.burned_register", {"netuid": 2, "hotkey": CHARLIE})),
                "register_limit": hexed(("subtensor.burned_register",
                                         {"netuid": 2, "hotkey": CHARLIE, "max_burn": 2_500_000_000})),
                "set_weights": hexed(("subtensor.set_weights",
                                      {"netuid": 1, "dests": [0, 1, 2], "weights": u16, "version_key": 7})),
                # the same weights as the mechanism call the SDK sends (mechanism 0 is the subnet itself)
                "set_mechanism_weights": "0x" + bytes(calls.compose(runtime, calls.PalletCall(
                    "SubtensorModule", "set_mechanism_weights",
                    {"netuid": 1, "mecid": 0, "dests": [0, 1, 2], "weights": u16, "version_key": 7})).data.data).hex(),
                "u16": [[0, 1, 2], u16],
                "prices": [round(unstake_price * RAO), round(stake_price * RAO)],  # subnets 1 and 2
            }
    return theirs, mine


def test_the_sdks_extrinsics_build_what_taonet_builds(sdk_extrinsics):
    theirs, mine = sdk_extrinsics
    caught = theirs["caught"]
    assert sorted(caught) == ["add_stake_limit", "burned_register", "register_limit", "remove_stake_limit",
                              "set_mechanism_weights", "transfer_keep_alive"]
    for function in ("transfer_keep_alive", "remove_stake_limit", "burned_register", "register_limit"):
        assert caught[function] == mine[function], function
    assert theirs["u16"] == mine["u16"]  # the same u16 weights (max-upscaled, rounded)
    # The SDK sets weights through set_mechanism_weights (mecid 0); taonet sends set_weights with the same values.
    assert caught["set_mechanism_weights"] == mine["set_mechanism_weights"]
    assert theirs["prices"] == mine["prices"] == [250_000_000, 2 * RAO]  # the pools' prices, rao per α


def test_a_safe_stake_limit_price_is_the_sdks_to_the_rao(sdk_extrinsics):
    """The SDK truncates price*(1+tolerance)*1e9 in floats (2.0 * 1.005 -> 2009999999 rao, not the
    exact 2010000000); on a subtensor endpoint taonet computes the limit the same way."""
    theirs, mine = sdk_extrinsics
    assert theirs["caught"]["add_stake_limit"] == mine["add_stake_limit"]


def test_balances_and_stakes_read_the_same(real_sdk_python, tmp_path):
    accounts = {ALICE: 1_000_000 * RAO + 123, BOB: 5 * RAO + 7, CHARLIE: 0}
    with FakeSubtensor(accounts=accounts) as node:
        node.set_stake(BOB, ALICE, 2, 3 * RAO + 11)
        node.set_stake(CHARLIE, ALICE, 1, 17)
        node.set_stake(BOB, CHARLIE, 1, 5 * RAO)
        theirs = sdk(real_sdk_python, tmp_path, node.url, f"""
keys = {[ALICE, BOB, CHARLIE, DAVE]!r}
pairs = [(c, h, n) for c in keys[:3] for h in keys[:3] for n in (1, 2)]
print(json.dumps({{
    "balances": {{a: st.get_balance(a).rao for a in keys}},
    "stake": [[c, h, n, st.get_stake(c, h, n).rao] for c, h, n in pairs],
    "stake_info": {{c: sorted([s.hotkey_ss58, s.netuid, s.stake.rao] for s in st.get_stake_info_for_coldkey(c))
                   for c in keys}},
}}))
""")
        with SubtensorBackend(node.url) as backend:
            balances = {i["address"]: i["free"] for i in backend.call("taonet_accountInfos", [ALICE, BOB, CHARLIE, DAVE])}
            stakes = backend.call("taonet_stakeInfo", [ALICE, BOB, CHARLIE, DAVE])["stakes"]
    assert balances == theirs["balances"] == {**accounts, DAVE: 0}
    held = {(r["coldkey"], r["hotkey"], r["netuid"]): r["alpha"] for r in stakes}
    assert theirs["stake"] == [[c, h, n, held.get((c, h, n), 0)] for c, h, n, _ in theirs["stake"]]
    for coldkey, rows in theirs["stake_info"].items():
        assert rows == sorted([h, n, a] for (c, h, n), a in held.items() if c == coldkey), coldkey
    assert held[(ALICE, BOB, 1)] == 100 * RAO and held[(ALICE, BOB, 2)] == 3 * RAO + 11  # the seeded stakes


def test_a_transfer_signed_by_either_is_seen_by_the_other(real_sdk_python, tmp_path):
    with FakeSubtensor(accounts={ALICE: 1_000 * RAO, BOB: 1_000 * RAO}) as node:
        with SubtensorBackend(node.url) as backend:
            ext = backend.sign(Keypair.from_uri("//Alice"), "balances.transfer_keep_alive",
                               {"dest": CHARLIE, "value": 2 * RAO + 5})
            outcome = backend.submit_and_wait(ext, timeout=30)
            assert outcome["status"] == "included" and outcome["success"], outcome
        theirs = sdk(real_sdk_python, tmp_path, node.url, f"""
seen = st.get_balance({CHARLIE!r}).rao
sent = st.transfer(dev_wallet("//Bob", "//Bob"), {DAVE!r}, bt.Balance.from_rao({3 * RAO + 9}), keep_alive=True,
                   mev_protection=False, wait_for_inclusion=True, wait_for_finalization=False)
print(json.dumps({{"seen": seen, "success": sent.success, "message": sent.message, "fee": sent.extrinsic_fee.rao}}))
""")
        assert theirs["seen"] == 2 * RAO + 5
        assert theirs["success"], theirs["message"]
        with SubtensorBackend(node.url) as backend:
            dave, bob = backend.accounts([DAVE, BOB])
        assert dave.free.rao == 3 * RAO + 9 == node.balance(DAVE)
        assert bob.nonce == 1
        assert bob.free.rao == 1_000 * RAO - (3 * RAO + 9) - theirs["fee"] == node.balance(BOB)
