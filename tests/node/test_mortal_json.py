"""A taonet JSON extrinsic's optional `valid_until` (btcli's --period on a taonet node): signed over,
refused once its era is over, dropped from the pool when it ends there, checked by node verify; an
extrinsic without it is byte for byte what it was before the field existed."""
from __future__ import annotations

import json
import sqlite3

from node import extrinsic as X
from node.builder import ChainBuilder, dev_key
from node.chain import Refused
from node.replay import verify

GENESIS = "0x" + "ab" * 32
TAO = 10**9
TRANSFER = ("balances.transfer_keep_alive", {"dest": dev_key("bob").ss58_address, "value": TAO})


def test_valid_until_is_signed_and_optional():
    alice = dev_key("alice")
    immortal = X.sign(alice, *TRANSFER, 0, GENESIS)
    assert "valid_until" not in immortal
    assert X.signing_message(immortal) == X.DOMAIN + X.canonical({k: immortal[k] for k in X.PAYLOAD_FIELDS})
    mortal = X.sign(alice, *TRANSFER, 0, GENESIS, valid_until=42)
    parsed = X.parse(mortal)
    assert parsed.valid_until == 42 and parsed.to_json() == mortal and X.signature_valid(parsed, alice.public_key)
    assert json.loads(X.signing_message(mortal)[len(X.DOMAIN):])["valid_until"] == 42
    assert not X.signature_valid(X.parse({**mortal, "valid_until": 43}), alice.public_key)
    assert not X.signature_valid(X.parse({k: v for k, v in mortal.items() if k != "valid_until"}), alice.public_key)
    assert parsed.expired(42) and not parsed.expired(41) and not X.parse(immortal).expired(10**9)
    for bad in (-1, "7", 2**64):
        try:
            X.parse({**mortal, "valid_until": bad})
        except X.InvalidExtrinsic as exc:
            assert "valid_until" in str(exc)
        else:
            raise AssertionError(bad)


def test_refused_after_its_era_dropped_when_it_ends_in_the_pool_and_verified(tmp_path):
    b = ChainBuilder(tmp_path / "chain")
    chain = b.chain
    try:
        b.block(3)
        head = chain.head.number
        pair = dev_key("alice")
        over = X.parse(X.sign(pair, *TRANSFER, 0, chain.genesis_hash, valid_until=head + 1))
        try:
            chain.submit(over)
        except Refused as exc:
            assert "mortal era is over" in str(exc) and f"valid until block {head + 1}" in str(exc)
        else:
            raise AssertionError("an extrinsic past its era was admitted")
        # nonce 1 waits for nonce 0 in the pool; its era ends meanwhile: dropped, never included
        waiting = X.parse(X.sign(pair, *TRANSFER, 1, chain.genesis_hash, valid_until=head + 3))
        chain.submit(waiting)
        b.block(3)
        assert waiting.hash in chain.pool
        ok = X.parse(X.sign(pair, *TRANSFER, 0, chain.genesis_hash, valid_until=chain.head.number + 2))
        chain.submit(ok)
        b.block()
        assert [e.hash for e in b.last.included] == [ok.hash] and waiting.hash not in chain.pool
        assert chain.reader.extrinsic_location(waiting.hash) is None
        chain.close()
        assert verify(tmp_path / "chain").ok
    finally:
        b.close()


def test_verify_finds_one_included_after_its_era(tmp_path):
    b = ChainBuilder(tmp_path / "chain")
    chain = b.chain
    try:
        b.block(2)
        ext = X.parse(X.sign(dev_key("alice"), *TRANSFER, 0, chain.genesis_hash, valid_until=chain.head.number + 2))
        chain.submit(ext)
        b.block()
        number = chain.head.number
        chain.close()
    finally:
        b.close()
    # tamper: pretend it was signed valid until its own block (re-signed so the signature still holds)
    late = X.sign(dev_key("alice"), *TRANSFER, 0, ext.genesis_hash, valid_until=number)
    late_hash = X.parse(late).hash
    with sqlite3.connect(tmp_path / "chain" / "chain.db") as conn:
        conn.execute("UPDATE extrinsics SET data = ?, hash = ? WHERE hash = ?", (json.dumps(late), late_hash, ext.hash))
    report = verify(tmp_path / "chain")
    assert not report.ok
    assert any("after its mortal era" in p for p in report.problems), report.problems
