"""`btcli wallet`: create, regenerate, list, sign and verify keys (no chain needed)."""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.options import (
    Hotkey, JsonBackup, JsonOutput, JsonPassword, Mnemonic, NoPrompt, NWords, Overwrite, Quiet, Seed,
    Uri, UseKeyring, UsePassword, WalletName, WalletPath, resolve_wallet,
)

app = typer.Typer(no_args_is_help=True, help="Coldkeys, hotkeys, signing; balances and transfers.")

KEY_TYPE_HELP = ("sr25519 (default) or ed25519: the new key's scheme, as the real wallet writes it (cryptoType 1 "
                 "or 0). A taonet node's own extrinsics are sr25519-signed, so an ed25519 key signs only on a "
                 "subtensor node or the Substrate façade (ws://).")
KeyCrypto = Annotated[str, typer.Option("--crypto-type", help=KEY_TYPE_HELP)]


def _crypto(value: str, flag: str = "--crypto-type") -> int:
    """The wallet's crypto type number for sr25519 / ed25519; anything else is a usage error."""
    from wallet.keypair import CRYPTO_TYPES

    if value.lower() not in CRYPTO_TYPES:
        raise typer.BadParameter(f"{flag} is sr25519 or ed25519, not {value!r}")
    return CRYPTO_TYPES[value.lower()]


def _use_keyring(flag: bool | None) -> bool:
    from btcli import config

    return bool(config.get("use_keyring")) if flag is None else flag


def _render_created(console: Any, data: dict) -> None:
    rows = [[k["role"], k["name"], k["ss58_address"], "yes" if k["encrypted"] else "no", k["path"]] for k in data["keys"]]
    output.table(console, f"Wallet '{data['wallet']}'", ["key", "name", "ss58 address", "encrypted", "file"], rows,
                 keep=["ss58 address"], optional=["file", "encrypted"])
    for k in data["keys"]:
        if k.get("mnemonic"):
            console.print(
                f"[bold]Mnemonic of the {k['role']}[/] (write it down, it is shown once and is the only way to recover the key):\n"
                f"[bold yellow]{k['mnemonic']}[/]"
            )
        if k.get("keyring_note"):
            console.print(f"[dim]{k['role']}: {k['keyring_note']}[/]")


def _new_password(path: str) -> str:
    """A new key file's password (BT_PW_ variable or a confirmed prompt), asked with the spinner hidden."""
    from wallet import manage

    with output.paused():
        return manage.new_password(path)


def _public(read: Any) -> str | None:
    from wallet.errors import KeyfileError

    try:
        return read().ss58_address
    except (KeyfileError, OSError, ValueError):  # no public key file (yet): the real btcli says None too
        return None


def _key_type(w: Any, hotkey: str | None = None) -> str | None:
    """sr25519 or ed25519: the type of the coldkey's (or `hotkey`'s) public key (None when unreadable)."""
    from wallet.errors import KeyfileError
    from wallet.keypair import ED25519

    try:
        public = w.hotkeypub(hotkey) if hotkey else w.coldkeypub()
    except (KeyfileError, OSError, ValueError):
        return None
    return "ed25519" if public.crypto_type == ED25519 else "sr25519"


def _emit_created(w: Any, created: list) -> None:
    """{success, data: {name, path, hotkey, hotkey_ss58, coldkey_ss58}, error}: the real btcli's keys;
    wallet and keys (each written key, with a generated mnemonic): taonet's."""
    from dataclasses import asdict

    made = {c.role: c.ss58_address for c in created}
    data = {"name": w.name, "path": w.path, "hotkey": w.hotkey_name,
            "hotkey_ss58": made.get("hotkey") or _public(w.hotkeypub),
            "coldkey_ss58": made.get("coldkey") or _public(w.coldkeypub)}
    output.emit({"success": True, "data": data, "error": "", "wallet": w.name, "keys": [asdict(c) for c in created]},
                _render_created)


def _ask_secret(prompt: str, what: str) -> str:
    import getpass
    import sys

    if not sys.stdin.isatty():
        raise typer.BadParameter(f"no terminal to ask for the {what}: pass it as an option")
    return getpass.getpass(prompt)


@app.command("create")
def create(
    wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
    n_words: NWords = 12, use_password: UsePassword = None, use_keyring: UseKeyring = None,
    uri: Uri = None, overwrite: Overwrite = False, no_prompt: NoPrompt = False,
    coldkey_crypto_type: Annotated[str, typer.Option("--coldkey-crypto-type", help=KEY_TYPE_HELP)] = "sr25519",
    hotkey_crypto_type: Annotated[str, typer.Option("--hotkey-crypto-type", help=KEY_TYPE_HELP)] = "sr25519",
    json_output: JsonOutput = False, quiet: Quiet = False,
) -> None:
    """Create a wallet: a new coldkey (encrypted) and a new hotkey.

    Example: btcli wallet create --wallet-name alice --hotkey miner1
    """
    from wallet import manage

    output.configure(json_output, quiet)
    cold_type, hot_type = _crypto(coldkey_crypto_type, "--coldkey-crypto-type"), _crypto(hotkey_crypto_type,
                                                                                          "--hotkey-crypto-type")
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    w.check_coldkey_writable(overwrite)
    w.check_hotkey_writable(overwrite)
    keyring = _use_keyring(use_keyring)
    encrypt_cold = True if use_password is None else use_password
    with output.status("Encrypting the coldkey (argon2i, ~3 s by design of the key-file format)…"):
        cold = manage.new_coldkey(w, n_words, uri, use_password=encrypt_cold, use_keyring=keyring, overwrite=overwrite,
                                  password_for=_new_password, crypto_type=cold_type)
    hot = manage.new_hotkey(w, n_words, uri, use_password=False, overwrite=overwrite, crypto_type=hot_type)
    _emit_created(w, [cold, hot])


@app.command("new-coldkey")
def new_coldkey(
    wallet_name: WalletName = None, wallet_path: WalletPath = None, n_words: NWords = 12,
    use_password: UsePassword = None, use_keyring: UseKeyring = None, uri: Uri = None,
    overwrite: Overwrite = False, no_prompt: NoPrompt = False, crypto_type: KeyCrypto = "sr25519",
    json_output: JsonOutput = False, quiet: Quiet = False,
) -> None:
    """Create a new coldkey (the key that holds TAO), encrypted unless --no-use-password."""
    from wallet import manage

    output.configure(json_output, quiet)
    kind = _crypto(crypto_type)
    w = resolve_wallet(wallet_name, wallet_path, None)
    with output.status("Encrypting the coldkey (argon2i, ~3 s)…"):
        cold = manage.new_coldkey(w, n_words, uri, use_password=use_password is not False,
                                  use_keyring=_use_keyring(use_keyring), overwrite=overwrite, password_for=_new_password,
                                  crypto_type=kind)
    _emit_created(w, [cold])


@app.command("new-hotkey")
def new_hotkey(
    wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None, n_words: NWords = 12,
    use_password: UsePassword = None, use_keyring: UseKeyring = None, uri: Uri = None,
    overwrite: Overwrite = False, no_prompt: NoPrompt = False, crypto_type: KeyCrypto = "sr25519",
    json_output: JsonOutput = False, quiet: Quiet = False,
) -> None:
    """Create a new hotkey (the key that signs for a neuron), unencrypted unless --use-password."""
    from wallet import manage

    output.configure(json_output, quiet)
    kind = _crypto(crypto_type)
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    with output.status("Writing the hotkey…"):
        hot = manage.new_hotkey(w, n_words, uri, use_password=bool(use_password),
                                use_keyring=_use_keyring(use_keyring), overwrite=overwrite, password_for=_new_password,
                                crypto_type=kind)
    _emit_created(w, [hot])


def _regen_pair(mnemonic: str | None, seed: str | None, json_path: str | None, json_password: str | None,
                crypto_type: int):
    from pathlib import Path

    from wallet import manage

    json_text = None
    if json_path:
        json_text = Path(json_path).expanduser().read_text()
        if json_password is None:
            json_password = _ask_secret("Password of the JSON backup: ", "JSON backup password")
    if not (mnemonic or seed or json_text):
        mnemonic = _ask_secret("Enter the mnemonic (input hidden): ", "mnemonic (or use --seed / --json)")
    return manage.keypair_for_regen(mnemonic, seed, json_text, json_password, crypto_type)


@app.command("regen-coldkey")
def regen_coldkey(
    wallet_name: WalletName = None, wallet_path: WalletPath = None, mnemonic: Mnemonic = None, seed: Seed = None,
    json_path: JsonBackup = None, json_password: JsonPassword = None, use_password: UsePassword = None,
    use_keyring: UseKeyring = None, overwrite: Overwrite = False, no_prompt: NoPrompt = False,
    crypto_type: KeyCrypto = "sr25519", json_output: JsonOutput = False, quiet: Quiet = False,
) -> None:
    """Regenerate a coldkey from its mnemonic, seed or JSON backup."""
    from wallet import manage

    output.configure(json_output, quiet)
    kind = _crypto(crypto_type)
    w = resolve_wallet(wallet_name, wallet_path, None)
    w.check_coldkey_writable(overwrite)
    pair = _regen_pair(mnemonic, seed, json_path, json_password, kind)
    with output.status("Encrypting the coldkey (argon2i, ~3 s)…"):
        cold = manage.write_coldkey(w, pair, use_password=use_password is not False,
                                    use_keyring=_use_keyring(use_keyring), overwrite=overwrite, password_for=_new_password)
    _emit_created(w, [cold])


@app.command("regen-hotkey")
def regen_hotkey(
    wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None, mnemonic: Mnemonic = None,
    seed: Seed = None, json_path: JsonBackup = None, json_password: JsonPassword = None,
    use_password: UsePassword = None, use_keyring: UseKeyring = None, overwrite: Overwrite = False,
    no_prompt: NoPrompt = False, crypto_type: KeyCrypto = "sr25519", json_output: JsonOutput = False,
    quiet: Quiet = False,
) -> None:
    """Regenerate a hotkey from its mnemonic, seed or JSON backup."""
    from wallet import manage

    output.configure(json_output, quiet)
    kind = _crypto(crypto_type)
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    w.check_hotkey_writable(overwrite)
    pair = _regen_pair(mnemonic, seed, json_path, json_password, kind)
    hot = manage.write_hotkey(w, pair, use_password=bool(use_password), use_keyring=_use_keyring(use_keyring),
                              overwrite=overwrite, password_for=_new_password)
    _emit_created(w, [hot])


PublicKeyHex = Annotated[Optional[str], typer.Option("--public-key-hex", "--public-key", "--pubkey", help="The public key in hex.")]
Ss58 = Annotated[Optional[str], typer.Option("--ss58", "--ss58-address", "--addr", help="The ss58 address.")]


@app.command("regen-coldkeypub")
def regen_coldkeypub(
    wallet_name: WalletName = None, wallet_path: WalletPath = None, public_key_hex: PublicKeyHex = None,
    ss58: Ss58 = None, overwrite: Overwrite = False, no_prompt: NoPrompt = False,
    crypto_type: KeyCrypto = "sr25519", json_output: JsonOutput = False, quiet: Quiet = False,
) -> None:
    """Regenerate coldkeypub.txt from an ss58 address or public key (watch-only wallets)."""
    from wallet import manage

    output.configure(json_output, quiet)
    w = resolve_wallet(wallet_name, wallet_path, None)
    _emit_created(w, [manage.regen_public(w, "coldkey", ss58, public_key_hex, overwrite, _crypto(crypto_type))])


@app.command("regen-hotkeypub")
def regen_hotkeypub(
    wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
    public_key_hex: PublicKeyHex = None, ss58: Ss58 = None, overwrite: Overwrite = False,
    no_prompt: NoPrompt = False, crypto_type: KeyCrypto = "sr25519", json_output: JsonOutput = False,
    quiet: Quiet = False,
) -> None:
    """Regenerate hotkeys/<name>pub.txt from an ss58 address or public key."""
    from wallet import manage

    output.configure(json_output, quiet)
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    _emit_created(w, [manage.regen_public(w, "hotkey", ss58, public_key_hex, overwrite, _crypto(crypto_type))])


ColdkeysOnly = Annotated[bool, typer.Option("--coldkeys-only", help="List coldkeys only.")]


def _render_list(console: Any, data: dict) -> None:
    from rich.tree import Tree

    if not data["wallets"]:
        console.print(f"No wallets in {data['wallet_path']}. Create one with `btcli wallet create`.")
        return
    tree = Tree(f"Wallets in [bold]{data['wallet_path']}[/]")
    for w in data["wallets"]:
        lock = "" if w["coldkey_encrypted"] is None else (" (encrypted)" if w["coldkey_encrypted"] else " (unencrypted)")
        node = tree.add(f"[bold]{w['name']}[/]  {w['coldkey_ss58'] or '[red]no coldkeypub[/]'}{lock}")
        for h in w.get("hotkeys", []):
            node.add(f"{h['name']}  {h['ss58_address'] or '[red]unreadable[/]'}")
    console.print(tree)


@app.command("list")
def list_(wallet_name: WalletName = None, wallet_path: WalletPath = None, coldkeys_only: ColdkeysOnly = False,
          json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """List the wallets and hotkeys under the wallet path (public parts only; no password asked)."""
    from btcli import config
    from wallet.wallet import Wallet, list_wallets

    output.configure(json_output, quiet)
    path = wallet_path or config.get("wallet_path")
    wallets = []
    for s in list_wallets(path):
        if wallet_name and s.name != wallet_name:
            continue
        w = Wallet(s.name, "default", path)
        # ss58_address and crypto_type: the real btcli's keys
        entry: dict[str, Any] = {"name": s.name, "ss58_address": s.coldkey_ss58, "crypto_type": _key_type(w),
                                 "coldkey_ss58": s.coldkey_ss58, "coldkey_encrypted": s.coldkey_encrypted}
        if not coldkeys_only:
            entry["hotkeys"] = [{"name": n, "ss58_address": a, "crypto_type": _key_type(w, n)} for n, a in s.hotkeys]
        wallets.append(entry)
    output.emit({"wallet_path": path, "wallets": wallets}, _render_list)


Message = Annotated[Optional[str], typer.Option("--message", "-m", help="The message (UTF-8 text).")]
UseHotkey = Annotated[bool, typer.Option("--use-hotkey/--no-use-hotkey", help="Sign with the hotkey instead of the coldkey.")]


def password_source(use_keyring: bool | None = None):
    """The password source for encrypted key files: BT_PW_ variable, keyring, then prompt."""
    from wallet import password

    keyring = _use_keyring(use_keyring)

    def source(path: str) -> str:
        with output.paused():  # never draw a spinner over the prompt
            return password.resolve(path, keyring)

    return source


@app.command("sign")
def sign(wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
         use_hotkey: UseHotkey = False, message: Message = None, use_keyring: UseKeyring = None,
         json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Sign a message with the coldkey (or the hotkey with --use-hotkey)."""
    output.configure(json_output, quiet)
    if message is None:
        raise typer.BadParameter("pass the text to sign with --message")
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    with output.status("Unlocking the key…"):
        pair = w.hotkey(password_source(use_keyring)) if use_hotkey else w.coldkey(password_source(use_keyring))
    signature = "0x" + pair.sign(message).hex()
    output.emit(  # signed_message and signer_address: the real btcli's keys (its signed_message has no 0x)
        {"signed_message": signature.removeprefix("0x"), "signer_address": pair.ss58_address, "message": message,
         "signer": pair.ss58_address, "signature": signature},
        lambda c, d: c.print(f"Signed by {d['signer']}:\n[bold]{d['signature']}[/]"),
    )


Signature = Annotated[Optional[str], typer.Option("--signature", "-s", help="The signature in hex (0x optional).")]
Address = Annotated[Optional[str], typer.Option("--address", "--public-key", "-a", "-p", help="Signer's ss58 address or hex public key.")]
CryptoType = Annotated[str, typer.Option("--crypto-type", help="sr25519 (default) or ed25519.")]


@app.command("verify")
def verify(message: Message = None, signature: Signature = None, address: Address = None,
           crypto_type: CryptoType = "sr25519", json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Verify a signature (also accepts signatures over <Bytes>message</Bytes>). Exits 1 if invalid."""
    from btcli.errors import CliError
    from wallet import keypair, ss58

    output.configure(json_output, quiet)
    if not (message is not None and signature and address):
        raise typer.BadParameter("pass --message, --signature and --address")
    kinds = {"sr25519": keypair.SR25519, "ed25519": keypair.ED25519}
    if crypto_type not in kinds:
        raise typer.BadParameter("--crypto-type is sr25519 or ed25519")
    try:
        public = bytes.fromhex(address.removeprefix("0x")) if address.startswith("0x") else ss58.decode(address, None)
    except ValueError as exc:
        raise CliError(f"invalid --address: {exc}") from None
    valid = keypair.verify(public, message, signature, kinds[crypto_type])
    signer = ss58.encode(public) if len(public) == 32 else address
    # verified, signer, message, crypto_type (when valid): the real btcli's keys; valid: taonet's
    output.emit({"verified": valid, "signer": signer, "message": message, **({"crypto_type": crypto_type} if valid else {}),
                 "valid": valid},
                lambda c, d: c.print("[green]Signature is valid.[/]" if d["valid"] else "[red]Signature is NOT valid.[/]"))
    if not valid:
        raise typer.Exit(1)


@app.command("env-password")
def env_password(wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
                 use_hotkey: UseHotkey = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Print the BT_PW_ variable that unlocks a key file without a prompt (for miners and scripts).

    The password is asked for (never taken from argv) and, when the key file exists, checked
    against it first. For a key not yet created, the variable then supplies its new password.
    """
    import getpass
    import sys

    from wallet import keyfile_format, password

    output.configure(json_output, quiet)
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    keyfile = w.hotkey_file() if use_hotkey else w.coldkey_file
    if keyfile.exists() and not keyfile.is_encrypted():
        raise typer.BadParameter(f"{keyfile.path} is not encrypted: it needs no password")
    if not sys.stdin.isatty():
        raise typer.BadParameter("no terminal to ask for the password")
    secret = getpass.getpass(f"Password of {keyfile.path}: ")
    if keyfile.exists():
        with output.status("Checking the password (argon2i, ~3 s)…"):
            keyfile_format.decrypt(keyfile.read_raw(), secret)
    else:
        password.check_strength(secret)
    name, value = password.env_var_name(str(keyfile.path)), password.encode_env_value(str(keyfile.path), secret)
    output.emit({"name": name, "value": value}, lambda c, d: c.print(f"export {d['name']}={d['value']}", soft_wrap=True))
