"""Errors the wallet library raises; each message names the problem and what to do."""
from __future__ import annotations


class WalletError(Exception):
    """Base class: a wallet operation failed for a reason the user can act on."""


class MnemonicError(WalletError):
    """A mnemonic is malformed: wrong word count, unknown word or bad checksum."""


class KeyfileError(WalletError):
    """A key file is missing, unreadable, corrupt or would be overwritten."""


class PasswordError(WalletError):
    """A password is wrong, too weak, or cannot be asked for."""
