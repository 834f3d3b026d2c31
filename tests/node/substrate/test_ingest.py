"""SCALE extrinsics into a taonet chain (node.substrate.ingest): signed by taonet's own client
signing functions over the spec-461 runtime (client/subtensor/signing.py, the payload the real SDK
builds), submitted to a real Chain in a temp data dir, applied, stored, and replayed by `node verify`."""
from __future__ import annotations

import hashlib

import pytest

from node.builder import ChainBuilder, address_of, dev_key
from node.replay import verify
from node.substrate import ingest
from node.substrate.dialect import SubstrateError
from tests.economics.conftest import Econ, economy_spec

TAO = 10**9


@pytest.fixture(scope="module")
def runtime():
    from client.subtensor.calls import load_runtime
    from node.substrate import metadata

    return load_runtime(metadata.metadata_v15(), metadata.SPEC_VERSION, metadata.TRANSACTION_VERSION)


def scale(runtime, chain, who, call, args, nonce=None, era=None, genesis=None, birth=None, tip=0, pallet_call=None,
          current=None):
    """The neutral `call` (or a raw `pallet_call`) as the real SDK signs it: immortal unless `era`
    (a period: mortal from the head), for this chain unless `genesis`."""
    from client.subtensor import calls, signing

    pair = dev_key(who) if isinstance(who, str) else who
    composed = calls.compose(runtime, pallet_call) if pallet_call else calls.compose_call(runtime, call, args)
    if nonce is None:
        nonce = chain.next_nonce(pair.ss58_address)
    genesis = genesis or chain.genesis_hash
    if era is None:
        era_value, birth_hash = "00", genesis
    else:
        era_value = {"period": era, "current": chain.head.number if current is None else current}
        birth_hash = birth or chain.reader.block_row(signing.era_birth(runtime, era_value))[1]
    return signing.sign_call(runtime, composed, pair, nonce, tip, era_value, genesis, birth_hash)


def refusal(chain, raw) -> SubstrateError:
    with pytest.raises(SubstrateError) as info:
        ingest.submit(chain, raw)
    return info.value


def test_a_scale_transfer_applies_as_the_json_one_does(tmp_path, runtime):
    json_chain, scale_chain = ChainBuilder(tmp_path / "json"), ChainBuilder(tmp_path / "scale")
    try:
        bob = address_of("bob")
        json_chain.transfer("alice", "bob", 3 * TAO).block()
        ext = ingest.submit(scale_chain.chain, scale(runtime, scale_chain.chain, "alice", "balances.transfer_keep_alive",
                                                     {"dest": bob, "value": 3 * TAO}))
        scale_chain.block()
        assert [e.hash for e in scale_chain.last.included] == [ext.hash]
        assert scale_chain.last.results[0].success
        assert scale_chain.free("bob") == json_chain.free("bob")
        assert scale_chain.event_names() == json_chain.event_names()
        assert scale_chain.nonce("alice") == json_chain.nonce("alice") == 1
        from node.runtime.balances import fee_for

        # the fee is taonet's length rule over the SCALE bytes: what fee_of reports
        paid = json_chain.free("alice") + fee_for(json_chain.last.included[0].length, 0) - scale_chain.free("alice")
        assert paid == fee_for(ext.length, 0) == ingest.fee_of(scale_chain.chain, ext.scale.raw)
        stored = scale_chain.chain.reader.extrinsics(scale_chain.chain.head.number)[0]
        assert stored["hash"] == ext.hash == "0x" + hashlib.blake2b(ext.scale.raw, digest_size=32).hexdigest()
        assert stored["extrinsic"]["call"] == "balances.transfer_keep_alive"
    finally:
        json_chain.close()
        scale_chain.close()


def test_a_safe_stake_and_its_slippage_failure(tmp_path, runtime):
    """add_stake_limit within the price stakes exactly as JSON does; below the price it fails as
    SlippageTooHigh, and System.Events at that block says ExtrinsicFailed with its Module index."""
    from node.substrate.codec import codec
    from node.substrate.events import records

    twins = [ChainBuilder(tmp_path / name, economy_spec()) for name in ("json", "scale")]
    try:
        netuids = [Econ(b).new_subnet() for b in twins]
        assert netuids[0] == netuids[1]
        netuid, hotkey = netuids[0], address_of("owner1")
        args = {"hotkey": hotkey, "netuid": netuid, "amount_staked": 5 * TAO, "limit_price": 10 * TAO,
                "allow_partial": False}
        Econ(twins[0]).ok("bob", "subtensor.add_stake_limit", **args)
        chain = twins[1].chain
        ingest.submit(chain, scale(runtime, chain, "bob", "subtensor.add_stake_limit", args))
        twins[1].block()
        assert twins[1].last.results[0].success
        stakes = [Econ(b).stake("bob", "owner1", netuid) for b in twins]
        assert stakes[0] == stakes[1] > 0

        low = {**args, "limit_price": 1}
        ext = ingest.submit(chain, scale(runtime, chain, "bob", "subtensor.add_stake_limit", low))
        twins[1].block()
        assert twins[1].last.results[0].error == "subtensor.SlippageTooHigh"
        failed = [r for r in records(chain, chain.head.number) if r.name == "System.ExtrinsicFailed"]
        assert len(failed) == 1 and failed[0].phase == 0
        index, error = codec().module_error("SubtensorModule", "SlippageTooHigh")
        module = failed[0].fields["dispatch_error"]["Module"]
        assert module["index"] == index and bytes.fromhex(module["error"][2:])[0] == error
        assert chain.reader.extrinsic_location(ext.hash)["success"] is False
    finally:
        for b in twins:
            b.close()


def test_refusals_answer_as_a_real_pool_does(tmp_path, runtime):
    from client.subtensor.calls import PalletCall
    from wallet.keypair import Keypair

    b = ChainBuilder(tmp_path / "chain")
    chain = b.chain
    bob = address_of("bob")
    transfer = ("balances.transfer_keep_alive", {"dest": bob, "value": TAO})
    try:
        b.block(3)
        good = scale(runtime, chain, "alice", *transfer)
        tampered = bytearray(good)
        tampered[-1] ^= 1  # the value changes: the signature no longer covers the call
        assert refusal(chain, bytes(tampered)).data == "Transaction has a bad signature"
        other = scale(runtime, chain, "alice", *transfer, genesis="0x" + "22" * 32)
        error = refusal(chain, other)
        assert (error.code, error.message, error.data) == (1010, "Invalid Transaction", "Transaction has a bad signature")
        # a mortal era of 4 blocks signed at block 3, submitted after it ended: its birth is a newer block
        stale_era = scale(runtime, chain, "alice", *transfer, era=4)
        b.block(6)
        assert refusal(chain, stale_era).data == "Transaction has a bad signature"
        # an era whose birth block this chain has not made yet
        unborn = scale(runtime, chain, "alice", *transfer, era=64, current=chain.head.number + 1, birth=chain.head.hash)
        assert refusal(chain, unborn).data == "Transaction has an ancient birth block"
        ingest.submit(chain, good)
        assert refusal(chain, good).code == 1013  # already in the pool
        twin = scale(runtime, chain, "alice", "balances.transfer_keep_alive", {"dest": bob, "value": 2 * TAO}, nonce=0)
        assert refusal(chain, twin).message == "Priority is too low"  # nonce 0 is taken in the pool
        b.block()
        assert refusal(chain, good).code == 1012  # included: resubmitting it is banned
        stale = scale(runtime, chain, "alice", *transfer, nonce=0)
        assert refusal(chain, stale).data == "Transaction is outdated"
        unsupported = PalletCall("SubtensorModule", "recycle_alpha", {"hotkey": bob, "amount": 1, "netuid": 1})
        error = refusal(chain, scale(runtime, chain, "alice", None, None, pallet_call=unsupported))
        assert error.code == 1010 and error.data == "SubtensorModule.recycle_alpha is not supported by taonet"
        batch = PalletCall("Utility", "batch", {"calls": [PalletCall("Balances", "transfer_keep_alive",
                                                                     {"dest": bob, "value": 1}).value(),
                                                          unsupported.value()]})
        error = refusal(chain, scale(runtime, chain, "alice", None, None, pallet_call=batch))
        assert error.data == "SubtensorModule.recycle_alpha is not supported by taonet"  # the whole batch
        burn = PalletCall("Balances", "burn", {"value": 1, "keep_alive": True})
        assert refusal(chain, scale(runtime, chain, "alice", None, None, pallet_call=burn)).data == \
            "Balances.burn is not supported by taonet"
        poor = Keypair.from_uri("//NobodyHasTao")
        assert refusal(chain, scale(runtime, chain, poor, *transfer)).data == \
            "Inability to pay some fees (e.g. account balance too low)"
        assert refusal(chain, b"\x10\x84\x00").code == 1001  # does not decode
        assert refusal(chain, bytes(50)).code == 1001
        for past_its_type in ({"nonce": 2**32}, {"tip": 2**64}, {"tip": 2**200}):  # Compact<u32>, Compact<u64>
            wide = scale(runtime, chain, "alice", *transfer, **past_its_type)
            error = refusal(chain, wide)  # a fee or nonce-gap refusal before: the codec took any width
            assert error.code == 1001 and "past its type" in error.message, (past_its_type, error.message)
        assert chain.head.number == 10 and len(chain.pool) == 0  # nothing refused reached the pool
    finally:
        b.close()


def test_ed25519_signatures_and_future_nonces(tmp_path, runtime):
    from wallet.keypair import ED25519, Keypair

    b = ChainBuilder(tmp_path / "chain")
    chain = b.chain
    edward = Keypair.from_seed("0x" + "ed" * 32, ED25519)
    try:
        b.transfer("alice", edward.ss58_address, 10 * TAO).block()
        transfer = ("balances.transfer_allow_death", {"dest": address_of("bob"), "value": TAO})
        later = ingest.submit(chain, scale(runtime, chain, edward, *transfer, nonce=1))  # a gap: waits
        b.block()
        assert b.last.included == [] and later.hash in chain.pool
        first = ingest.submit(chain, scale(runtime, chain, edward, *transfer, nonce=0))
        b.block()
        assert [e.hash for e in b.last.included] == [first.hash, later.hash]
        assert b.nonce(edward.ss58_address) == 2
    finally:
        b.close()


def test_an_era_that_ends_in_the_pool_is_dropped_not_included(tmp_path, runtime):
    b = ChainBuilder(tmp_path / "chain")
    chain = b.chain
    transfer = ("balances.transfer_keep_alive", {"dest": address_of("bob"), "value": TAO})
    try:
        b.block(2)
        mortal = ingest.submit(chain, scale(runtime, chain, "alice", *transfer, nonce=1, era=4))  # waits for nonce 0
        b.block(5)
        assert mortal.hash in chain.pool and chain.head.number >= mortal.scale.valid_until  # still waiting, era over
        ingest.submit(chain, scale(runtime, chain, "alice", *transfer, nonce=0))
        b.block()
        assert len(b.last.included) == 1 and mortal.hash not in chain.pool
        assert chain.reader.extrinsic_location(mortal.hash) is None
        chain.close()
        assert verify(tmp_path / "chain").ok
    finally:
        b.close()
