"""`btcli wallet encrypt | decrypt`: a message to an ED25519 address, as the real btcli 9.23.2 and
bittensor-wallet 4.1 (`Keypair.encrypt_for` / `Keypair.decrypt`) do it.

The wire format is libsodium's sealed box to the recipient's X25519 key, the Montgomery form of
its ed25519 public key: ephemeral X25519 public key (32 bytes) ‖ XSalsa20-Poly1305 box of the
message (16-byte tag ‖ ciphertext), the nonce being blake2b-192(ephemeral pk ‖ recipient pk).
The ciphertext travels as hex. Decrypting takes the wallet's ed25519 coldkey (or hotkey) secret
converted to X25519. PyNaCl (libsodium) does the cryptography.

Registered on the wallet sub-app (`btcli.commands.wallet.app`); main.py imports this module.
"""
from __future__ import annotations

import sys
from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.commands.wallet import app
from btcli.options import Hotkey, JsonOutput, Quiet, UseKeyring, WalletName, WalletPath, resolve_wallet

To = Annotated[Optional[str], typer.Option("--to", "--to-ss58", "-t",
                                           help="SS58 address of the recipient (an ED25519 key).")]
Message = Annotated[str, typer.Option("--message", "-m", help="The message to encrypt (UTF-8).")]
Ciphertext = Annotated[str, typer.Option("--ciphertext", "-c", help="Hex ciphertext from `btcli wallet encrypt`.")]
UseHotkeyChoice = Annotated[Optional[bool], typer.Option(
    "--use-hotkey/--no-use-hotkey", help="Decrypt with the hotkey (else the coldkey; asked in a terminal when not given).")]


def _ask(what: str, option: str) -> str:
    if not sys.stdin.isatty():
        raise typer.BadParameter(f"give the {what} with {option}")
    return str(typer.prompt(f"Enter the {what}"))


def _ask_hotkey(json_output: bool) -> bool:
    if output._flags["answer_no"] or json_output or not sys.stdin.isatty():
        return False
    from rich.prompt import Confirm

    return bool(Confirm.ask("Decrypt with the hotkey? (no: the coldkey)", default=False,
                            console=output.stderr_console()))


def encrypt_for(ss58_address: str, message: bytes) -> bytes:
    """A sealed box of `message` to the X25519 form of the ed25519 key at `ss58_address`."""
    import nacl.exceptions
    import nacl.public
    import nacl.signing

    from wallet import ss58

    try:
        public = ss58.decode(ss58_address, None)
    except ValueError:
        raise ValueError(f"Invalid recipient SS58 address: {ss58_address}") from None
    try:
        recipient = nacl.signing.VerifyKey(public).to_curve25519_public_key()
    except (nacl.exceptions.CryptoError, ValueError) as exc:
        raise ValueError(f"Encryption failed: {ss58_address} is not an ED25519 public key ({exc})") from None
    return bytes(nacl.public.SealedBox(recipient).encrypt(message))


def decrypt_with(pair: Any, ciphertext: bytes) -> bytes:
    """Open a sealed box with an ed25519 keypair's secret (its X25519 form)."""
    import nacl.exceptions
    import nacl.public
    import nacl.signing

    secret = nacl.signing.SigningKey(bytes(pair.private_key)[:32]).to_curve25519_private_key()
    try:
        return bytes(nacl.public.SealedBox(secret).decrypt(ciphertext))
    except nacl.exceptions.CryptoError as exc:
        raise ValueError(f"Decryption failed: {exc} (not a ciphertext for {pair.ss58_address})") from None


@app.command("encrypt")
def encrypt(to: To = None, message: Message = "", json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Encrypt a message to a recipient ED25519 SS58 address (a sealed box; the ciphertext as hex).

    Example: btcli wallet encrypt --to 5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu --message "hello"
    """
    from btcli.errors import CliError

    output.configure(json_output, quiet)
    to = to or _ask("recipient SS58 address", "--to")
    message = message or _ask("message to encrypt", "--message")
    try:
        ciphertext = encrypt_for(to, message.encode("utf-8"))
    except ValueError as exc:
        raise CliError(str(exc)) from None
    output.emit({"success": True, "data": {"recipient": to, "ciphertext_hex": ciphertext.hex()}},
                lambda c, d: c.print(f"Message encrypted to {d['data']['recipient']}. Ciphertext (hex):\n"
                                     f"{d['data']['ciphertext_hex']}"))


@app.command("decrypt")
def decrypt(wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
            use_hotkey: UseHotkeyChoice = None, ciphertext: Ciphertext = "", use_keyring: UseKeyring = None,
            json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Decrypt a hex ciphertext with the wallet's ED25519 coldkey (or hotkey with --use-hotkey).

    Create such a key with `btcli wallet new-coldkey --crypto-type ed25519`.
    """
    from btcli.commands.wallet import password_source
    from btcli.errors import CliError
    from wallet.keypair import ED25519

    output.configure(json_output, quiet)
    if use_hotkey is None:  # the real btcli asks (default: the coldkey); --no, JSON and no terminal answer that
        use_hotkey = _ask_hotkey(json_output)
    text = ciphertext or _ask("ciphertext (hex)", "--ciphertext")
    try:
        data = bytes.fromhex(text.strip().lower().removeprefix("0x"))
    except ValueError as exc:
        raise CliError(f"Invalid ciphertext hex: {exc}") from None
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    role = "hotkey" if use_hotkey else "coldkey"
    public = w.hotkeypub() if use_hotkey else w.coldkeypub()
    if public.crypto_type != ED25519:  # said before any password is asked
        raise CliError(f"Decryption requires an ED25519 keypair. This {role} ({public.ss58_address}) is sr25519: "
                       f"make an ed25519 one with `btcli wallet new-{role} --crypto-type ed25519`")
    with output.status(f"Unlocking the {role}…"):
        source = password_source(use_keyring)
        pair = w.hotkey(source) if use_hotkey else w.coldkey(source)
    try:
        plain = decrypt_with(pair, data)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    try:
        readable: str | None = plain.decode("utf-8")
    except UnicodeDecodeError:
        readable = None
    output.emit({"success": True, "data": {"recipient": pair.ss58_address, "plaintext": readable,
                                           "plaintext_hex": plain.hex()}},
                lambda c, d: c.print(f"Decrypted with {d['data']['recipient']}:\n"
                                     + (d["data"]["plaintext"] if d["data"]["plaintext"] is not None
                                        else f"(not UTF-8, hex) {d['data']['plaintext_hex']}"), markup=False))
