"""Key-file contents: the real wallet's JSON layout and its encryption envelopes.

Plain key files are compact JSON with the fields `accountId`, `publicKey`, `privateKey`,
`secretPhrase`, `secretSeed`, `ss58Address`, `cryptoType`; pub files hold only `accountId`,
`publicKey`, `ss58Address`, `cryptoType`. Encrypted files are
`b"$NACL" + nonce(24) + secretbox(json)` with key = argon2i(password, fixed salt, ops 8, 512 MiB).
Legacy formats read too: ansible-vault 1.1 (AES-256-CTR + HMAC) and old bittensor Fernet.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json

from wallet.errors import KeyfileError, PasswordError
from wallet.keypair import SR25519, Keypair

NACL_PREFIX = b"$NACL"
NACL_SALT = b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1"
NACL_OPSLIMIT = 8
NACL_MEMLIMIT = 536_870_912
ANSIBLE_PREFIX = b"$ANSIBLE_VAULT"
FERNET_PREFIX = b"gAAAAA"
FERNET_SALT = b"Iguesscyborgslikemyselfhaveatendencytobeparanoidaboutourorigins"
FERNET_ITERATIONS = 10_000_000


# -- JSON ------------------------------------------------------------------------------------
def serialise(pair: Keypair) -> bytes:
    """The full key-file JSON for a keypair (compact, no newline)."""
    pub = "0x" + pair.public_key.hex()
    data = {
        "accountId": pub,
        "publicKey": pub,
        "privateKey": "0x" + pair.private_key.hex() if pair.private_key else None,
        "secretPhrase": pair.mnemonic,
        "secretSeed": "0x" + pair.seed.hex() if pair.seed else None,
        "ss58Address": pair.ss58_address,
        "cryptoType": pair.crypto_type,
    }
    return json.dumps({k: v for k, v in data.items() if v is not None}, separators=(",", ":")).encode()


def serialise_public(pair: Keypair) -> bytes:
    """The pub-file JSON (no secrets)."""
    pub = "0x" + pair.public_key.hex()
    data = {"accountId": pub, "publicKey": pub, "ss58Address": pair.ss58_address, "cryptoType": pair.crypto_type}
    return json.dumps(data, separators=(",", ":")).encode()


def deserialise(raw: bytes, where: str = "key file") -> Keypair:
    """Rebuild a keypair; the first field present wins: secretPhrase, secretSeed, privateKey, ss58Address."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if isinstance(data, str) and data.startswith("5"):  # very old pub files: a bare address string
        data = {"ss58Address": data}
    if not isinstance(data, dict):
        raise KeyfileError(f"{where} is corrupt: not a key-file JSON object. Regenerate it from its mnemonic")
    crypto = int(data.get("cryptoType", SR25519) if data.get("cryptoType") is not None else SR25519)
    try:
        if data.get("secretPhrase"):
            return Keypair.from_mnemonic(data["secretPhrase"], crypto)
        if data.get("secretSeed"):
            return Keypair.from_seed(data["secretSeed"], crypto)
        if data.get("privateKey"):
            return Keypair.from_private_key(data["privateKey"], crypto)
        if data.get("ss58Address"):
            return Keypair.from_ss58(data["ss58Address"], crypto)
    except (ValueError, TypeError) as exc:
        raise KeyfileError(f"{where} is corrupt: {exc}") from None
    raise KeyfileError(f"{where} holds no key (no secretPhrase, secretSeed, privateKey or ss58Address)")


# -- encryption ------------------------------------------------------------------------------
def encryption_method(raw: bytes) -> str | None:
    """'NaCl', 'Ansible Vault', 'legacy' (Fernet) or None when the data is plain."""
    if raw.startswith(NACL_PREFIX):
        return "NaCl"
    if raw.startswith(ANSIBLE_PREFIX):
        return "Ansible Vault"
    if raw.startswith(FERNET_PREFIX):
        return "legacy"
    return None


def nacl_key(password: str) -> bytes:
    """The secretbox key for a password: argon2i with the real wallet's fixed parameters (~3 s, 512 MiB)."""
    from nacl import pwhash

    return pwhash.argon2i.kdf(
        32, password.encode("utf-8"), NACL_SALT, opslimit=NACL_OPSLIMIT, memlimit=NACL_MEMLIMIT
    )


def encrypt(raw: bytes, password: str) -> bytes:
    """Encrypt key-file bytes into the `$NACL` envelope."""
    from nacl import secret

    return NACL_PREFIX + secret.SecretBox(nacl_key(password)).encrypt(raw)


def decrypt(raw: bytes, password: str) -> bytes:
    """Decrypt any supported envelope; raise PasswordError on a wrong password."""
    method = encryption_method(raw)
    if method == "NaCl":
        from nacl import exceptions, secret

        try:
            return secret.SecretBox(nacl_key(password)).decrypt(raw[len(NACL_PREFIX):])
        except exceptions.CryptoError:
            raise PasswordError("wrong password: the key file could not be decrypted") from None
    if method == "Ansible Vault":
        return _ansible_decrypt(raw, password)
    if method == "legacy":
        return _fernet_decrypt(raw, password)
    return raw


def _ansible_decrypt(raw: bytes, password: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    lines = raw.decode("ascii", "replace").splitlines()
    try:
        body = bytes.fromhex("".join(lines[1:]))
        salt_hex, mac_hex, cipher_hex = body.split(b"\n", 2)
        salt, mac, ciphertext = bytes.fromhex(salt_hex.decode()), bytes.fromhex(mac_hex.decode()), bytes.fromhex(cipher_hex.decode())
    except ValueError:
        raise KeyfileError("key file is corrupt: malformed ansible-vault data") from None
    derived = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, 10000, 80)
    key1, key2, iv = derived[:32], derived[32:64], derived[64:]
    if not hmac.compare_digest(hmac.new(key2, ciphertext, hashlib.sha256).digest(), mac):
        raise PasswordError("wrong password: the key file could not be decrypted")
    decryptor = Cipher(algorithms.AES(key1), modes.CTR(iv)).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    return padded[: -padded[-1]] if padded and 0 < padded[-1] <= 16 else padded


def _fernet_decrypt(raw: bytes, password: str) -> bytes:
    from cryptography.fernet import Fernet, InvalidToken

    derived = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), FERNET_SALT, FERNET_ITERATIONS, 32)
    try:
        return Fernet(base64.urlsafe_b64encode(derived)).decrypt(raw.strip())
    except InvalidToken:
        raise PasswordError("wrong password: the key file could not be decrypted") from None
