"""Known answers for the formats README documents: a fixed extrinsic's canonical bytes, hash and
fee; a tiny state's root; a fixed header's hash. Each expected value is computed here straight
from README's formulas with hashlib/json (never through node code) and also pinned as a literal,
so a changed fee constant, state-root modulus or encoding fails these tests."""
from __future__ import annotations

import hashlib
import json

from node.block import Header, extrinsics_root
from node.extrinsic import parse, signature_valid, signing_message
from node.runtime import fee
from node.runtime.types import public_key
from node.schema import connect, ensure
from node.state import State, recompute_root, root_hex

ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
# signed once by //Alice (sr25519 signatures are randomised, so the signature itself is pinned)
EXTRINSIC = {
    "call": "balances.transfer_keep_alive", "args": {"dest": BOB, "value": 1_500_000_000}, "signer": ALICE,
    "nonce": 7, "tip": 5, "genesis_hash": "0x" + "11" * 32,
    "signature": "0x6a12a1db844d00595617336e2dc387c547dffe55244f7098afd9af2f6891fe73"
                 "d8c6767b7924db681afd0f284daa7b7d240b031ba3b96f13189c119c1b2a588e",
}


def _canonical(value) -> bytes:  # README: sorted keys, separators (",", ":"), ASCII only, no NaN
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode()


def _blake(data: bytes) -> str:
    return "0x" + hashlib.blake2b(data, digest_size=32).hexdigest()


CANONICAL = (b'{"args":{"dest":"5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty","value":1500000000},'
             b'"call":"balances.transfer_keep_alive","genesis_hash":"0x' + b"11" * 32 + b'","nonce":7,'
             b'"signature":"' + EXTRINSIC["signature"].encode() + b'","signer":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY","tip":5}')
EXTRINSIC_HASH = "0x0b2a14b3a6a0ced930cf43f581d9d4e4cb78783be865d81838544221caf881cf"
FEE = 143_205
STATE_ROOT = "0xc667ac73d4040aa1ec8590617ac2e5e25352b13f6108055c7f88a196a61672cd"
HEADER_HASH = "0x007159bfcced01809c6158586a9bb8a78e76188c2e357d21d8129152793d2169"
EXTRINSICS_ROOT = "0x30b600fb1f0cc0b3f0fc28cdcb7389405a6659be81c7d5c5905725aa3a5119ce"
EMPTY_EXTRINSICS_ROOT = "0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"


def test_extrinsic_canonical_bytes_hash_and_fee():
    ext = parse(EXTRINSIC)
    assert _canonical(EXTRINSIC) == CANONICAL and len(CANONICAL) == 432
    assert ext.length == len(CANONICAL)
    assert ext.hash == _blake(CANONICAL) == EXTRINSIC_HASH
    # fee = 100,000 rao + 100 rao per byte of canonical(extrinsic) + tip
    assert fee(ext) == 100_000 + 100 * len(CANONICAL) + EXTRINSIC["tip"] == FEE
    payload = {k: v for k, v in EXTRINSIC.items() if k != "signature"}
    assert signing_message(payload) == b"taonet-extrinsic-v1:" + _canonical(payload)
    assert signature_valid(ext, public_key(ALICE))


def test_tiny_state_root():
    conn = connect(":memory:")
    ensure(conn)
    rows = [("accounts", ALICE, (10**12, 3)), ("accounts", BOB, (500, 0)), ("storage", "total_issuance", ("1000000000500",))]
    state = State(conn, 0)
    for table, key, row in rows:
        state.put(table, key, row)
    changes = state.changes()
    acc = state.root_after(changes)
    state.commit(changes, acc, lambda c: None)
    # state_root = sum(blake2b-256(canonical JSON [table, key, *row])) mod 2^256, as 32 big-endian bytes
    expected = sum(int(_blake(_canonical([t, k, *r]))[2:], 16) for t, k, r in rows) % 2**256
    expected_hex = "0x" + expected.to_bytes(32, "big").hex()
    assert root_hex(acc) == root_hex(recompute_root(conn)) == expected_hex == STATE_ROOT
    # the sum wraps: these three rows' hashes add up past 2^256, so the modulus is exercised
    assert sum(int(_blake(_canonical([t, k, *r]))[2:], 16) for t, k, r in rows) >= 2**256
    conn.close()



def test_header_hash_and_extrinsics_root():
    header = Header(42, "0x" + "ab" * 32, 1_700_000_000_000, "0x" + "cd" * 32, "0x" + "ef" * 32)
    encoded = _canonical({"number": 42, "parent_hash": "0x" + "ab" * 32, "timestamp": 1_700_000_000_000,
                          "extrinsics_root": "0x" + "cd" * 32, "state_root": "0x" + "ef" * 32})
    assert header.hash == _blake(encoded) == HEADER_HASH
    hashes = ["0x" + "01" * 32, "0x" + "02" * 32]
    assert extrinsics_root(hashes) == _blake(bytes.fromhex("01" * 32 + "02" * 32)) == EXTRINSICS_ROOT
    assert extrinsics_root([]) == _blake(b"") == EMPTY_EXTRINSICS_ROOT

