"""Options shared by many commands, defined once (names and aliases as the real btcli has them)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

WalletName = Annotated[
    Optional[str],
    typer.Option("--wallet-name", "--name", "--wallet_name", "--wallet.name", help="Name of the wallet (its folder under the wallet path)."),
]
WalletPath = Annotated[
    Optional[str],
    typer.Option("--wallet-path", "-p", "--wallet_path", "--wallet.path", help="Folder holding the wallets [default: ~/.bittensor/wallets]."),
]
Hotkey = Annotated[
    Optional[str],
    typer.Option("--hotkey", "-H", "--wallet-hotkey", "--wallet_hotkey", "--wallet.hotkey", help="Name of the hotkey."),
]
JsonOutput = Annotated[
    bool, typer.Option("--json-output", "--json-out", help="Print the result as JSON on stdout, and nothing else.")
]
Quiet = Annotated[bool, typer.Option("--quiet", help="Print nothing but errors.")]
NoPrompt = Annotated[
    bool, typer.Option("--no-prompt", "-y", "--yes", help="Do not ask for confirmation.")
]
Overwrite = Annotated[
    bool, typer.Option("--overwrite/--no-overwrite", help="Replace existing key files (they are lost unless you kept their mnemonic).")
]
UsePassword = Annotated[
    Optional[bool],
    typer.Option("--use-password/--no-use-password", help="Encrypt the key with a password [default: on for coldkeys, off for hotkeys]."),
]
UseKeyring = Annotated[
    Optional[bool],
    typer.Option("--use-keyring/--no-use-keyring", help="Keep the password in the OS keyring (Secret Service, Keychain, Credential Locker)."),
]
NWords = Annotated[int, typer.Option("--n-words", "--n_words", help="Words in the new mnemonic: 12, 15, 18, 21 or 24.")]
Uri = Annotated[Optional[str], typer.Option("--uri", help="Make the key from a secret URI such as //Alice (dev keys).")]
Mnemonic = Annotated[
    Optional[str], typer.Option("--mnemonic", help="The mnemonic to regenerate from (omit it to be asked, keeping it out of your shell history).")
]
Seed = Annotated[Optional[str], typer.Option("--seed", help="The 32-byte seed (hex) to regenerate from.")]
JsonBackup = Annotated[Optional[str], typer.Option("--json", help="A polkadot.js JSON backup file to regenerate from.")]
JsonPassword = Annotated[Optional[str], typer.Option("--json-password", help="Password of the JSON backup (asked for when omitted).")]
Network = Annotated[
    Optional[str],
    typer.Option("--network", "--chain", "--subtensor.network", "--subtensor.chain_endpoint", help="'local' or a node URL such as http://127.0.0.1:9944."),
]


def resolve_wallet(name: str | None, path: str | None, hotkey: str | None):
    """A Wallet from options, falling back to the config file and then the real defaults."""
    from btcli import config
    from wallet.wallet import Wallet

    return Wallet(
        name or config.get("wallet_name"),
        hotkey or config.get("wallet_hotkey"),
        path or config.get("wallet_path"),
    )
