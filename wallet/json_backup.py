"""polkadot.js JSON key backups (scrypt + xsalsa20-poly1305 over a PKCS8 envelope).

Layout of `encoded` (base64): salt(32) | N(u32 LE) | p(u32) | r(u32) | nonce(24) | secretbox ciphertext.
The plaintext is PKCS8_HEADER | secret(64, ed25519-expanded form for sr25519) | PKCS8_DIVIDER | public(32).
"""
from __future__ import annotations

import base64
import hashlib
import json

from wallet.errors import KeyfileError, PasswordError
from wallet.keypair import ED25519, SR25519, Keypair

PKCS8_HEADER = bytes.fromhex("3053020101300506032b657004220420")
PKCS8_DIVIDER = bytes.fromhex("a123032100")


def _scrypt_key(password: str, salt: bytes, n: int, p: int, r: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=2**31 - 1)


def load(text: str, password: str) -> Keypair:
    """Decrypt a polkadot.js backup to a keypair; clear errors for a wrong password or format."""
    try:
        doc = json.loads(text)
        encoded = base64.b64decode(doc["encoded"])
        kinds = doc["encoding"]["type"]
        content = doc["encoding"]["content"]
    except (ValueError, KeyError, TypeError):
        raise KeyfileError("not a polkadot.js JSON backup: expected 'encoded' and 'encoding' fields") from None
    if "scrypt" not in kinds or "xsalsa20-poly1305" not in kinds:
        raise KeyfileError(f"unsupported JSON backup encoding {kinds}: expected scrypt + xsalsa20-poly1305")
    crypto = ED25519 if "ed25519" in content else SR25519
    salt = encoded[:32]
    n, p, r = (int.from_bytes(encoded[32 + 4 * i: 36 + 4 * i], "little") for i in range(3))
    from nacl import exceptions, secret

    try:
        plain = secret.SecretBox(_scrypt_key(password, salt, n, p, r)).decrypt(encoded[68:], encoded[44:68])
    except exceptions.CryptoError:
        raise PasswordError("wrong password for the JSON backup") from None
    if not plain.startswith(PKCS8_HEADER):
        raise KeyfileError("JSON backup is corrupt: bad PKCS8 header")
    divider = plain.index(PKCS8_DIVIDER, len(PKCS8_HEADER))
    secret_bytes = plain[len(PKCS8_HEADER):divider]
    public = plain[divider + len(PKCS8_DIVIDER):divider + len(PKCS8_DIVIDER) + 32]
    if crypto == ED25519:
        pair = Keypair.from_seed(secret_bytes[:32], ED25519)
    else:
        import sr25519

        pub, priv = sr25519.pair_from_ed25519_secret_key(secret_bytes)
        pair = Keypair(bytes(pub), bytes(priv), SR25519)
    if pair.public_key != public:
        raise KeyfileError("JSON backup is corrupt: its public key does not match its secret")
    return pair


def dump(pair: Keypair, password: str, n: int = 1 << 15, p: int = 1, r: int = 8) -> str:
    """Write a polkadot.js-style backup of an sr25519 keypair (used to round-trip in tests and exports)."""
    import os

    import sr25519
    from nacl import secret

    if pair.private_key is None or pair.crypto_type != SR25519:
        raise KeyfileError("only sr25519 keypairs with a private key can be exported")
    expanded = sr25519.convert_secret_key_to_ed25519(pair.private_key)
    plain = PKCS8_HEADER + bytes(expanded) + PKCS8_DIVIDER + pair.public_key
    salt = os.urandom(32)
    box = secret.SecretBox(_scrypt_key(password, salt, n, p, r))
    nonce = os.urandom(24)
    sealed = box.encrypt(plain, nonce)
    header = salt + n.to_bytes(4, "little") + p.to_bytes(4, "little") + r.to_bytes(4, "little")
    return json.dumps({
        "encoded": base64.b64encode(header + nonce + sealed.ciphertext).decode(),
        "encoding": {"content": ["pkcs8", "sr25519"], "type": ["scrypt", "xsalsa20-poly1305"], "version": "3"},
        "address": pair.ss58_address,
        "meta": {},
    })
