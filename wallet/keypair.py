"""sr25519 (and ed25519) keypairs: derivation, ss58 address, signing and verification.

sr25519 signatures use schnorrkel with the "substrate" signing context (py-sr25519-bindings).
`verify` also accepts a signature over `<Bytes>message</Bytes>`, the wrapping polkadot.js and the
real wallet use for raw messages.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from wallet import mnemonic as _mnemonic
from wallet import ss58

SR25519 = 1
ED25519 = 0
CRYPTO_TYPES = {"sr25519": SR25519, "ed25519": ED25519}  # the real wallet's names and numbers
ED25519_HDKD = b"\x2cEd25519HDKD"  # SCALE("Ed25519HDKD"): a hard junction's seed = blake2-256(this ‖ seed ‖ chain code)


def _sr25519():
    import sr25519

    return sr25519


def _hex(data: str | bytes) -> bytes:
    if isinstance(data, bytes):
        return data
    text = data[2:] if data.startswith("0x") else data
    return bytes.fromhex(text)


@dataclass
class Keypair:
    """A public key, optionally its private key, and how it was made (mnemonic or seed)."""

    public_key: bytes
    private_key: bytes | None = None
    crypto_type: int = SR25519
    mnemonic: str | None = field(default=None, repr=False)
    seed: bytes | None = field(default=None, repr=False)
    ss58_format: int = ss58.DEFAULT_SS58_FORMAT

    @property
    def ss58_address(self) -> str:
        return ss58.encode(self.public_key, self.ss58_format)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_seed(cls, seed: str | bytes, crypto_type: int = SR25519) -> Keypair:
        """From a 32-byte mini-secret (hex or bytes)."""
        raw = _hex(seed)
        if len(raw) != 32:
            raise ValueError(f"a seed is 32 bytes (64 hex digits), got {len(raw)} bytes")
        if crypto_type == ED25519:
            import nacl.signing

            signing = nacl.signing.SigningKey(raw)
            return cls(bytes(signing.verify_key), raw, ED25519, seed=raw)
        public, private = _sr25519().pair_from_seed(raw)
        return cls(bytes(public), bytes(private), SR25519, seed=raw)

    @classmethod
    def from_mnemonic(cls, phrase: str, crypto_type: int = SR25519, passphrase: str = "") -> Keypair:
        """From a BIP39 mnemonic, as Substrate derives it."""
        norm = _mnemonic.normalise(phrase)
        pair = cls.from_seed(_mnemonic.substrate_mini_secret(norm, passphrase), crypto_type)
        pair.mnemonic = norm
        return pair

    @classmethod
    def from_uri(cls, uri: str, crypto_type: int = SR25519) -> Keypair:
        """From a secret URI such as `//Alice` or `<mnemonic>//hard/soft///password`."""
        from wallet.uri import parse

        parsed = parse(uri)
        if parsed.phrase.startswith("0x"):
            pair = cls.from_seed(parsed.phrase, crypto_type)
        else:
            pair = cls.from_mnemonic(parsed.phrase, crypto_type, parsed.password)
        if not parsed.junctions:
            return pair
        if crypto_type == ED25519:  # Substrate's ed25519 derivation: hard junctions only
            if any(not j.hard for j in parsed.junctions):
                raise ValueError("an ed25519 key takes hard derivation only (//name), not soft (/name)")
            seed = pair.seed or b""
            for junction in parsed.junctions:
                seed = hashlib.blake2b(ED25519_HDKD + seed + junction.chain_code, digest_size=32).digest()
            derived = cls.from_seed(seed, ED25519)
            derived.seed = None  # a derived key has no seed of its own (the real wallet writes no secretSeed)
            return derived
        if crypto_type != SR25519:
            raise ValueError("derivation paths are supported for sr25519 and ed25519 keys only")
        lib = _sr25519()
        public, private = pair.public_key, pair.private_key
        for junction in parsed.junctions:
            derive = lib.hard_derive_keypair if junction.hard else lib.derive_keypair
            _, public, private = derive((junction.chain_code, public, private), b"")
        return cls(bytes(public), bytes(private), SR25519)

    @classmethod
    def from_private_key(cls, private_key: str | bytes, crypto_type: int = SR25519) -> Keypair:
        """From a 64-byte schnorrkel secret (sr25519) or a 32-byte seed (ed25519)."""
        raw = _hex(private_key)
        if crypto_type == ED25519:
            return cls.from_seed(raw[:32], ED25519)
        if len(raw) != 64:
            raise ValueError(f"an sr25519 private key is 64 bytes, got {len(raw)}")
        return cls(bytes(_sr25519().public_from_secret_key(raw)), raw, SR25519)

    @classmethod
    def from_ss58(cls, address: str, crypto_type: int = SR25519) -> Keypair:
        """A public-only keypair from an ss58 address."""
        return cls(ss58.decode(address, None), None, crypto_type)

    # -- use ------------------------------------------------------------------------------------
    def sign(self, message: bytes | str) -> bytes:
        """A 64-byte signature over `message` (sr25519 signatures are randomised)."""
        if self.private_key is None:
            raise ValueError("this key has no private part: load the coldkey or hotkey file, not the pub file")
        data = message.encode("utf-8") if isinstance(message, str) else message
        if self.crypto_type == ED25519:
            import nacl.signing

            return nacl.signing.SigningKey(self.private_key[:32]).sign(data).signature
        return bytes(_sr25519().sign((self.public_key, self.private_key), data))

    def verify(self, message: bytes | str, signature: bytes | str) -> bool:
        """True if `signature` is this key's over `message` or over `<Bytes>message</Bytes>`."""
        return verify(self.public_key, message, signature, self.crypto_type)


def verify(public_key: bytes, message: bytes | str, signature: bytes | str, crypto_type: int = SR25519) -> bool:
    """Check a signature; accepts the raw message or its `<Bytes>…</Bytes>` wrapping."""
    data = message.encode("utf-8") if isinstance(message, str) else message
    try:
        sig = _hex(signature)
    except ValueError:
        return False
    if len(sig) != 64 or len(public_key) != 32:
        return False
    for candidate in (data, b"<Bytes>" + data + b"</Bytes>"):
        if _verify_raw(public_key, candidate, sig, crypto_type):
            return True
    return False


def _verify_raw(public_key: bytes, data: bytes, sig: bytes, crypto_type: int) -> bool:
    if crypto_type == ED25519:
        import nacl.exceptions
        import nacl.signing

        try:
            nacl.signing.VerifyKey(public_key).verify(data, sig)
        except (nacl.exceptions.BadSignatureError, ValueError):
            return False
        return True
    try:
        return bool(_sr25519().verify(sig, data, public_key))
    except (ValueError, TypeError):
        return False
