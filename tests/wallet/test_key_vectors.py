"""Keys against the real bittensor-wallet's vectors: mnemonics, secret URIs, signatures both ways."""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import load_vector
from wallet import mnemonic, ss58
from wallet.errors import MnemonicError
from wallet.keypair import ED25519, Keypair, verify

MNEMONICS = load_vector("wallet", "mnemonics.json")["vectors"]
URIS = load_vector("wallet", "uris.json")["vectors"]
SIGS = load_vector("wallet", "signatures.json")


@pytest.mark.parametrize("vec", MNEMONICS, ids=lambda v: v["ss58_address"][:8])
def test_mnemonic_gives_the_real_address_seed_and_private_key(vec):
    pair = Keypair.from_mnemonic(vec["mnemonic"])
    assert pair.ss58_address == vec["ss58_address"]
    assert pair.public_key.hex() == vec["public_key_hex"]
    assert "0x" + pair.seed.hex() == vec["secretSeed"]
    assert "0x" + pair.private_key.hex() == vec["privateKey"]
    assert pair.ss58_address != vec["naive_bip39_seed_ss58_WRONG"]


@pytest.mark.parametrize("vec", MNEMONICS, ids=lambda v: v["ss58_address"][:8])
def test_ed25519_crypto_type(vec):
    pair = Keypair.from_mnemonic(vec["mnemonic"], ED25519)
    ed = vec["ed25519_crypto_type_0"]
    assert pair.ss58_address == ed["ss58_address"]
    assert pair.public_key.hex() == ed["public_key_hex"]


@pytest.mark.parametrize("vec", URIS, ids=lambda v: v["uri"][-24:])
def test_secret_uris(vec):
    pair = Keypair.from_uri(vec["uri"])
    assert pair.ss58_address == vec["ss58_address"]
    assert pair.public_key.hex() == vec["public_key_hex"]
    if vec["privateKey_deterministic"]:
        assert "0x" + pair.private_key.hex() == vec["privateKey"]
    else:  # soft junctions randomise the nonce half: the scalar must still match
        assert pair.private_key.hex()[:64] == vec["privateKey"][2:66]


@pytest.mark.parametrize("vec", SIGS["vectors"], ids=lambda v: v["ss58_address"][:8])
def test_signatures_made_by_both_real_libraries_verify(vec):
    public = bytes.fromhex(vec["public_key_hex"])
    message = bytes.fromhex(vec["message_hex"])
    assert verify(public, message, vec["signature_sr25519_by_bittensor_wallet_hex"])
    assert verify(public, message, vec["signature_sr25519_by_py_sr25519_hex"])
    assert not verify(public, message + b"!", vec["signature_sr25519_by_bittensor_wallet_hex"])
    ed = vec["ed25519_crypto_type_0"]
    ed_pub = ss58.decode(ed["ss58_address"])
    assert verify(ed_pub, message, ed["signature_by_lib_hex"], ED25519)


def test_our_signatures_verify_and_are_randomised():
    pair = Keypair.from_mnemonic(MNEMONICS[0]["mnemonic"])
    first, second = pair.sign(b"hello"), pair.sign(b"hello")
    assert first != second and len(first) == 64
    import sr25519  # the independent implementation the real wallet agrees with

    assert sr25519.verify(first, b"hello", pair.public_key)
    assert pair.verify("hello", first)
    assert not pair.verify("hellO", first)


def test_bytes_wrapped_signature_is_accepted():
    wrapped = SIGS["wrapped_example"]
    public = ss58.decode(wrapped["ss58_address"])
    assert verify(public, wrapped["message_utf8"], wrapped["signature_over_wrapped_hex"])
    assert not verify(public, wrapped["message_utf8"] + ".", wrapped["signature_over_wrapped_hex"])


def test_malformed_signatures_are_false_not_errors():
    pub = Keypair.from_uri("//Alice").public_key
    for bad in ("", "0x", "zz", "00" * 63, "00" * 65, "0x" + "00" * 64):
        assert verify(pub, b"m", bad) is False


@pytest.mark.parametrize("words", [12, 15, 18, 21, 24])
def test_generated_mnemonics_round_trip(words):
    phrase = mnemonic.generate(words)
    assert len(phrase.split()) == words
    assert mnemonic.from_entropy(mnemonic.to_entropy(phrase)) == phrase


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([16, 20, 24, 28, 32]).flatmap(lambda n: st.binary(min_size=n, max_size=n)))
def test_mnemonic_encoding_matches_bip_utils(entropy):
    from bip_utils import Bip39MnemonicGenerator, Bip39SeedGenerator, SubstrateBip39SeedGenerator  # noqa: F401

    theirs = str(Bip39MnemonicGenerator().FromEntropy(entropy))
    assert mnemonic.from_entropy(entropy) == theirs
    assert mnemonic.substrate_mini_secret(theirs) == SubstrateBip39SeedGenerator(theirs).Generate()[:32]


def test_bad_mnemonics_name_the_problem():
    good = MNEMONICS[0]["mnemonic"].split()
    with pytest.raises(MnemonicError, match="12, 15, 18, 21 or 24 words; this one has 11"):
        mnemonic.to_entropy(" ".join(good[:11]))
    with pytest.raises(MnemonicError, match="word 3 .*'elegent'"):
        mnemonic.to_entropy(" ".join(good[:2] + ["elegent"] + good[3:]))
    with pytest.raises(MnemonicError, match="checksum"):
        mnemonic.to_entropy(" ".join(good[:11] + ["abandon"]))
    with pytest.raises(MnemonicError):
        mnemonic.generate(13)


def test_ss58_round_trip_and_errors():
    pub = os.urandom(32)
    address = ss58.encode(pub)
    assert address.startswith("5") and ss58.decode(address) == pub
    broken = address[:-1] + ("a" if address[-1] != "a" else "b")
    with pytest.raises(ValueError, match="checksum"):
        ss58.decode(broken)
    with pytest.raises(ValueError):
        ss58.decode("not an address")
    assert ss58.decode(ss58.encode(pub, 0), None) == pub
    with pytest.raises(ValueError, match="format 0"):
        ss58.decode(ss58.encode(pub, 0))
