"""taonet's wallet library: sr25519 keys, key files and wallet directories.

Byte-compatible with the real Bittensor wallet (bittensor-wallet 4.x): the same mnemonic gives the
same ss58 address, and key files move both ways. Knows nothing of Typer or Rich; imports stay light
so that `btcli` starts fast.
"""
from __future__ import annotations

from wallet.errors import KeyfileError, MnemonicError, PasswordError, WalletError
from wallet.keypair import Keypair

__all__ = ["Keypair", "KeyfileError", "MnemonicError", "PasswordError", "WalletError"]
