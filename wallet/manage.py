"""Creating and regenerating keys in a wallet: the operations behind `btcli wallet ...`.

Every function checks that it may write *before* it generates anything, so an existing key is
never endangered and no mnemonic is shown for a wallet that was not written.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wallet import mnemonic as mn
from wallet import password as pw
from wallet.errors import KeyfileError, PasswordError
from wallet.keypair import SR25519, Keypair
from wallet.wallet import Wallet

NewPassword = Callable[[str], str]


@dataclass
class Created:
    """What was written: which key, where, its address, and the mnemonic if one was generated."""

    role: str  # "coldkey" | "hotkey"
    name: str
    path: str
    ss58_address: str
    encrypted: bool
    mnemonic: str | None = None
    keyring_note: str | None = None


def new_password(keyfile_path: str) -> str:
    """The password for a key file being written: its BT_PW_ variable, else a confirmed prompt."""
    found = pw.password_from_env(keyfile_path)
    if found is not None:
        pw.check_strength(found)
        return found
    return pw.prompt_new(keyfile_path)


def _keypair_from(n_words: int, uri: str | None, mnemonic: str | None = None, seed: str | None = None,
                  crypto_type: int = SR25519) -> Keypair:
    if uri:
        return Keypair.from_uri(uri, crypto_type)
    if seed:
        return Keypair.from_seed(seed, crypto_type)
    phrase = mnemonic if mnemonic is not None else mn.generate(n_words)
    return Keypair.from_mnemonic(phrase, crypto_type)


def _protect(path: Path, use_password: bool, use_keyring: bool, password_for: NewPassword) -> tuple[str | None, str | None]:
    if not use_password:
        return None, None
    password = password_for(str(path))
    note = None
    if use_keyring:
        problem = pw.keyring_set(str(path), password)
        note = f"password not stored in the keyring: {problem}; you will be asked for it" if problem else "password stored in the OS keyring"
    return password, note


def write_coldkey(wallet: Wallet, pair: Keypair, *, use_password: bool, use_keyring: bool = False,
                  overwrite: bool = False, password_for: NewPassword = new_password,
                  generated: bool = False) -> Created:
    wallet.check_coldkey_writable(overwrite)
    password, note = _protect(wallet.coldkey_file.path, use_password, use_keyring, password_for)
    wallet.write_coldkey(pair, password, overwrite=overwrite)
    return Created("coldkey", wallet.name, str(wallet.coldkey_file.path), pair.ss58_address,
                   password is not None, pair.mnemonic if generated else None, note)


def write_hotkey(wallet: Wallet, pair: Keypair, *, use_password: bool, use_keyring: bool = False,
                 overwrite: bool = False, password_for: NewPassword = new_password,
                 generated: bool = False) -> Created:
    wallet.check_hotkey_writable(overwrite)
    password, note = _protect(wallet.hotkey_file().path, use_password, use_keyring, password_for)
    wallet.write_hotkey(pair, password, overwrite=overwrite)
    return Created("hotkey", wallet.hotkey_name, str(wallet.hotkey_file().path), pair.ss58_address,
                   password is not None, pair.mnemonic if generated else None, note)


def new_coldkey(wallet: Wallet, n_words: int = 12, uri: str | None = None, crypto_type: int = SR25519,
                **kw) -> Created:
    wallet.check_coldkey_writable(kw.get("overwrite", False))
    pair = _keypair_from(n_words, uri, crypto_type=crypto_type)
    return write_coldkey(wallet, pair, generated=uri is None, **kw)


def new_hotkey(wallet: Wallet, n_words: int = 12, uri: str | None = None, crypto_type: int = SR25519,
               **kw) -> Created:
    wallet.check_hotkey_writable(kw.get("overwrite", False))
    pair = _keypair_from(n_words, uri, crypto_type=crypto_type)
    return write_hotkey(wallet, pair, generated=uri is None, **kw)


def keypair_for_regen(mnemonic: str | None, seed: str | None, json_text: str | None,
                      json_password: str | None, crypto_type: int = SR25519) -> Keypair:
    """The keypair to regenerate, from exactly one of mnemonic, seed or JSON backup, of `crypto_type`
    (a JSON backup holds an sr25519 key)."""
    given = [x for x in (mnemonic, seed, json_text) if x]
    if len(given) != 1:
        raise KeyfileError("give exactly one of --mnemonic, --seed or --json to regenerate from")
    if json_text:
        from wallet import json_backup

        if crypto_type != SR25519:
            raise KeyfileError("a JSON backup (polkadot.js) holds an sr25519 key: drop --crypto-type ed25519, or "
                               "regenerate the ed25519 key from its mnemonic or seed")
        if json_password is None:
            raise PasswordError("the JSON backup needs its password: pass --json-password or run in a terminal")
        return json_backup.load(json_text, json_password)
    if seed:
        try:
            return Keypair.from_seed(seed, crypto_type)
        except ValueError as exc:
            raise KeyfileError(f"invalid --seed: {exc}") from None
    mn.to_entropy(mnemonic or "")  # raises MnemonicError with the reason
    return Keypair.from_mnemonic(mnemonic or "", crypto_type)


def regen_public(wallet: Wallet, role: str, ss58_address: str | None, public_key_hex: str | None,
                 overwrite: bool = False, crypto_type: int = SR25519) -> Created:
    """Write coldkeypub.txt (role "coldkey") or hotkeys/<name>pub.txt (role "hotkey") from a public key."""
    from wallet import keyfile_format, ss58

    if bool(ss58_address) == bool(public_key_hex):
        raise KeyfileError("give exactly one of --ss58 or --public-key-hex")
    try:
        public = ss58.decode(ss58_address, None) if ss58_address else bytes.fromhex((public_key_hex or "").removeprefix("0x"))
    except ValueError as exc:
        raise KeyfileError(f"invalid public key: {exc}") from None
    if len(public) != 32:
        raise KeyfileError("a public key is 32 bytes (64 hex digits)")
    pair = Keypair(public, None, crypto_type)
    target = wallet.coldkeypub_file if role == "coldkey" else wallet.hotkeypub_file()
    target.write(keyfile_format.serialise_public(pair), overwrite=overwrite)
    name = wallet.name if role == "coldkey" else wallet.hotkey_name
    return Created(f"{role}pub", name, str(target.path), pair.ss58_address, False)
