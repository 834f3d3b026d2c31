"""BIP39 mnemonics and the Substrate seed derived from them.

Substrate does not use the plain BIP39 seed: its mini-secret is
PBKDF2-HMAC-SHA512(password=entropy bytes, salt="mnemonic"+passphrase, 2048 rounds)[:32].
The English word list is read from bip-utils' data file without importing bip-utils (whose import
costs ~150 ms), so wallet commands start fast.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import secrets
import unicodedata

VALID_WORD_COUNTS = (12, 15, 18, 21, 24)


@functools.lru_cache(maxsize=1)
def wordlist() -> tuple[str, ...]:
    """The 2048-word BIP39 English list."""
    spec = importlib.util.find_spec("bip_utils")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("bip-utils is not installed: pip install bip-utils")
    path = os.path.join(spec.submodule_search_locations[0], "bip", "bip39", "wordlist", "english.txt")
    with open(path, encoding="utf-8") as fh:
        words = tuple(w.strip() for w in fh if w.strip())
    if len(words) != 2048:
        raise RuntimeError(f"BIP39 word list at {path} has {len(words)} words, expected 2048")
    return words


@functools.lru_cache(maxsize=1)
def _word_index() -> dict[str, int]:
    return {w: i for i, w in enumerate(wordlist())}


def from_entropy(entropy: bytes) -> str:
    """Encode 16/20/24/28/32 bytes of entropy as a mnemonic."""
    if len(entropy) not in (16, 20, 24, 28, 32):
        raise ValueError("entropy must be 16, 20, 24, 28 or 32 bytes")
    bits = len(entropy) * 8
    check_bits = bits // 32
    checksum = hashlib.sha256(entropy).digest()[0] >> (8 - check_bits)
    value = (int.from_bytes(entropy, "big") << check_bits) | checksum
    n_words = (bits + check_bits) // 11
    words = wordlist()
    return " ".join(words[(value >> (11 * (n_words - 1 - i))) & 0x7FF] for i in range(n_words))


def generate(n_words: int = 12) -> str:
    """A new random mnemonic of `n_words` words (12, 15, 18, 21 or 24)."""
    if n_words not in VALID_WORD_COUNTS:
        from wallet.errors import MnemonicError

        raise MnemonicError(f"--n-words must be one of 12, 15, 18, 21, 24 (got {n_words})")
    return from_entropy(secrets.token_bytes(n_words * 4 // 3))


def normalise(mnemonic: str) -> str:
    """Lower-case, NFKD, single spaces."""
    return " ".join(unicodedata.normalize("NFKD", mnemonic).lower().split())


def to_entropy(mnemonic: str) -> bytes:
    """Decode a mnemonic to its entropy, checking word count, words and checksum."""
    from wallet.errors import MnemonicError

    words = normalise(mnemonic).split(" ")
    if len(words) not in VALID_WORD_COUNTS:
        raise MnemonicError(
            f"a mnemonic has 12, 15, 18, 21 or 24 words; this one has {len(words)}. Check that it is complete"
        )
    index = _word_index()
    value = 0
    for pos, word in enumerate(words, start=1):
        if word not in index:
            raise MnemonicError(f"word {pos} ({word!r}) is not in the BIP39 English word list: check its spelling")
        value = (value << 11) | index[word]
    total_bits = len(words) * 11
    check_bits = total_bits // 33
    ent_bits = total_bits - check_bits
    entropy = (value >> check_bits).to_bytes(ent_bits // 8, "big")
    checksum = value & ((1 << check_bits) - 1)
    if hashlib.sha256(entropy).digest()[0] >> (8 - check_bits) != checksum:
        raise MnemonicError("the mnemonic's checksum does not match: a word is wrong or out of order")
    return entropy


def is_valid(mnemonic: str) -> bool:
    """True if `mnemonic` is a valid BIP39 English mnemonic."""
    try:
        to_entropy(mnemonic)
    except Exception:
        return False
    return True


def substrate_mini_secret(mnemonic: str, passphrase: str = "") -> bytes:
    """The 32-byte sr25519 mini-secret (Substrate BIP39 seed) of a mnemonic."""
    entropy = to_entropy(mnemonic)
    salt = ("mnemonic" + unicodedata.normalize("NFKD", passphrase)).encode("utf-8")
    return hashlib.pbkdf2_hmac("sha512", entropy, salt, 2048)[:32]
