"""A wallet directory, laid out as the real wallet lays it out.

    <path>/<wallet>/coldkey              the coldkey (encrypted by default)
    <path>/<wallet>/coldkeypub.txt       its public part
    <path>/<wallet>/hotkeys/<hotkey>     a hotkey (plain unless asked)
    <path>/<wallet>/hotkeys/<hotkey>pub.txt
Default path `~/.bittensor/wallets`, default wallet and hotkey names `default`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from wallet import keyfile_format as fmt
from wallet.errors import KeyfileError
from wallet.keyfile import Keyfile, PasswordSource
from wallet.keypair import Keypair

DEFAULT_PATH = "~/.bittensor/wallets"
DEFAULT_NAME = "default"
DEFAULT_HOTKEY = "default"


@dataclass
class Wallet:
    """Names a wallet; files are read only when asked for."""

    name: str = DEFAULT_NAME
    hotkey_name: str = DEFAULT_HOTKEY
    path: str = DEFAULT_PATH

    def __post_init__(self) -> None:
        for label, value in (("wallet name", self.name), ("hotkey name", self.hotkey_name)):
            if not value or "/" in value or value in (".", "..") or value.startswith("."):
                raise KeyfileError(f"invalid {label} {value!r}: use letters, digits, '-' or '_'")

    @property
    def directory(self) -> Path:
        return Path(os.path.expanduser(self.path)) / self.name

    @property
    def coldkey_file(self) -> Keyfile:
        return Keyfile(self.directory / "coldkey", f"coldkey of wallet '{self.name}'")

    @property
    def coldkeypub_file(self) -> Keyfile:
        return Keyfile(self.directory / "coldkeypub.txt", f"coldkeypub.txt of wallet '{self.name}'")

    def hotkey_file(self, hotkey: str | None = None) -> Keyfile:
        name = hotkey or self.hotkey_name
        return Keyfile(self.directory / "hotkeys" / name, f"hotkey '{name}' of wallet '{self.name}'")

    def hotkeypub_file(self, hotkey: str | None = None) -> Keyfile:
        name = hotkey or self.hotkey_name
        return Keyfile(self.directory / "hotkeys" / f"{name}pub.txt", f"hotkeypub of '{name}' in wallet '{self.name}'")

    # -- reading -------------------------------------------------------------------------------
    def coldkeypub(self) -> Keypair:
        """The coldkey's public key: from coldkeypub.txt, else from a plain coldkey file."""
        if self.coldkeypub_file.exists():
            return self.coldkeypub_file.keypair()
        if self.coldkey_file.exists() and not self.coldkey_file.is_encrypted():
            return self.coldkey_file.keypair()
        return self.coldkeypub_file.keypair()  # raises the not-found error

    def coldkey(self, password_source: PasswordSource) -> Keypair:
        return self.coldkey_file.keypair(password_source)

    def hotkey(self, password_source: PasswordSource | None = None, hotkey: str | None = None) -> Keypair:
        return self.hotkey_file(hotkey).keypair(password_source)

    def hotkeypub(self, hotkey: str | None = None) -> Keypair:
        """The hotkey's public key: from <name>pub.txt, else from the hotkey file if plain."""
        pub = self.hotkeypub_file(hotkey)
        if pub.exists():
            return pub.keypair()
        key = self.hotkey_file(hotkey)
        if key.exists() and not key.is_encrypted():
            return key.keypair()
        return pub.keypair()

    def hotkey_names(self) -> list[str]:
        folder = self.directory / "hotkeys"
        if not folder.is_dir():
            return []
        return sorted(
            p.name for p in folder.iterdir()
            if p.is_file() and not p.name.endswith("pub.txt") and not p.name.startswith(".")
        )

    # -- writing -------------------------------------------------------------------------------
    def check_coldkey_writable(self, overwrite: bool) -> None:
        self.coldkey_file.check_writable(overwrite)
        self.coldkeypub_file.check_writable(overwrite)

    def check_hotkey_writable(self, overwrite: bool, hotkey: str | None = None) -> None:
        self.hotkey_file(hotkey).check_writable(overwrite)
        self.hotkeypub_file(hotkey).check_writable(overwrite)

    def write_coldkey(self, pair: Keypair, password: str | None, overwrite: bool = False) -> None:
        """Write coldkey (encrypted when `password` is given) and coldkeypub.txt."""
        self.check_coldkey_writable(overwrite)
        data = fmt.serialise(pair)
        self.coldkey_file.write(fmt.encrypt(data, password) if password else data, overwrite=True)
        self.coldkeypub_file.write(fmt.serialise_public(pair), overwrite=True)

    def write_coldkeypub(self, pair: Keypair, overwrite: bool = False) -> None:
        self.coldkeypub_file.write(fmt.serialise_public(pair), overwrite=overwrite)

    def write_hotkey(self, pair: Keypair, password: str | None, overwrite: bool = False, hotkey: str | None = None) -> None:
        """Write hotkeys/<name> (plain unless `password`) and hotkeys/<name>pub.txt."""
        self.check_hotkey_writable(overwrite, hotkey)
        data = fmt.serialise(pair)
        self.hotkey_file(hotkey).write(fmt.encrypt(data, password) if password else data, overwrite=True)
        self.hotkeypub_file(hotkey).write(fmt.serialise_public(pair), overwrite=True)


@dataclass
class WalletSummary:
    name: str
    coldkey_ss58: str | None
    coldkey_encrypted: bool | None
    hotkeys: list[tuple[str, str | None]] = field(default_factory=list)


def list_wallets(path: str = DEFAULT_PATH) -> list[WalletSummary]:
    """Every wallet under `path` with its coldkey address and hotkeys (public parts only)."""
    root = Path(os.path.expanduser(path))
    if not root.is_dir():
        return []
    found = []
    for entry in sorted(root.iterdir()):
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        w = Wallet(entry.name, DEFAULT_HOTKEY, path)
        try:
            cold = w.coldkeypub().ss58_address
        except KeyfileError:
            cold = None
        encrypted = w.coldkey_file.is_encrypted() if w.coldkey_file.exists() else None
        hotkeys = []
        for hk in w.hotkey_names():
            try:
                hotkeys.append((hk, w.hotkeypub(hk).ss58_address))
            except KeyfileError:
                hotkeys.append((hk, None))
        found.append(WalletSummary(entry.name, cold, encrypted, hotkeys))
    return found
