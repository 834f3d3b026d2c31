"""`btcli wallet set-identity | get-identity`: a coldkey's on-chain identity (ChainIdentityV2).

Registered on the wallet sub-app (`btcli.commands.wallet.app`); main.py imports this module. The
flags are the real btcli 9.23.2's (`--id-name`, `--web-url/--web`, `--image-url/--image`,
`--discord`, `--description`, `--additional`, `--github`); a field left out keeps its current
value (as the real btcli's prompt defaults do), an empty one (`--discord ""`) clears it.
"""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.commands.wallet import app
from btcli.options import ColdkeySs58, JsonOutput, Network, NoPrompt, Quiet, UseKeyring, WalletName, WalletPath, resolve_wallet

LABELS = {"name": "name", "url": "web url", "github_repo": "github", "image": "image url", "discord": "discord",
          "description": "description", "additional": "additional"}


def preview(values: dict[str, str]) -> str:
    """One line: each field that is set, as label=text (long texts cut)."""
    shown = [f"{LABELS.get(k, k)}={v if len(v) <= 60 else v[:57] + '…'!r}" for k, v in values.items() if v]
    return "; ".join(shown) or "(every field empty)"


def render_identity(console: Any, d: dict) -> None:
    """Address, then one row per field ("~" for an empty one, as the real btcli shows them)."""
    title = d.get("title") or "On-chain identity"
    rows = [["address", d["address"]]] + [[LABELS.get(k, k), d["identity"].get(k) or "~"] for k in d["identity"]]
    output.table(console, f"{title} on {d['network']}", ["item", "value"], rows)


@app.command("get-identity")
def get_identity(wallet_name: WalletName = None, wallet_path: WalletPath = None, coldkey_ss58: ColdkeySs58 = None,
                 network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Show a coldkey's on-chain identity (the wallet's, or --ss58 ADDRESS).

    JSON: the identity's fields (name, url, github_repo, image, discord, description, additional)
    as the real btcli prints them, plus address and network; {} when the coldkey has none.

    Example: btcli wallet get-identity --ss58 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty
    """
    from btcli.errors import CliError
    from client.identity import identity
    from wallet.ss58 import decode

    output.configure(json_output, quiet)
    if coldkey_ss58:
        try:
            decode(coldkey_ss58)
        except ValueError as exc:
            raise CliError(f"invalid --ss58: {exc}") from None
        address = coldkey_ss58
    else:
        address = resolve_wallet(wallet_name, wallet_path, None).coldkeypub().ss58_address
    with connect(network) as rpc, output.status("Reading the identity…"):
        label = rpc.label
        found = identity(rpc, address)["identity"]
    if found is None:
        output.emit({}, lambda c, d: c.print(f"No on-chain identity for {address} on {label}."))
        return
    output.emit({**found, "address": address, "network": label},
                lambda c, d: render_identity(c, {"address": address, "network": label, "identity": found}))


KEPT = " (left out: kept; \"\": cleared)."
IdName = Annotated[Optional[str], typer.Option("--id-name", help="Display name, at most 256 bytes" + KEPT)]
WebUrl = Annotated[Optional[str], typer.Option("--web-url", "--web", help="Web URL, at most 256 bytes" + KEPT)]
ImageUrl = Annotated[Optional[str], typer.Option("--image-url", "--image", help="Image URL, at most 1024 bytes" + KEPT)]
Discord = Annotated[Optional[str], typer.Option("--discord", help="Discord handle, at most 256 bytes" + KEPT)]
Description = Annotated[Optional[str], typer.Option("--description", help="Description, at most 1024 bytes" + KEPT)]
Additional = Annotated[Optional[str], typer.Option("--additional", help="Additional details, at most 1024 bytes" + KEPT)]
Github = Annotated[Optional[str], typer.Option("--github", help="GitHub repository, at most 256 bytes" + KEPT)]


@app.command("set-identity")
def set_identity(wallet_name: WalletName = None, wallet_path: WalletPath = None,
                 name: IdName = None, web_url: WebUrl = None, image_url: ImageUrl = None, discord: Discord = None,
                 description: Description = None, additional: Additional = None, github_repo: Github = None,
                 network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
                 json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Set or update the wallet coldkey's on-chain identity (costs the extrinsic fee).

    The chain keeps identities only for coldkeys with a hotkey registered on a subnet.
    JSON: {success, identity, error, extrinsic_identifier, block_number, hash}.

    Example: btcli wallet set-identity --wallet-name alice --id-name "Alice" --web-url https://alice.example --no-prompt
    """
    from client import identity as ident
    from client import preflight

    output.configure(json_output, quiet)
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    given = {"name": name, "url": web_url, "image": image_url, "discord": discord, "description": description,
             "additional": additional, "github_repo": github_repo}
    with connect(network) as rpc:
        label = rpc.label
        pair = unlock(w, use_keyring)

        def quote() -> dict[str, str]:
            current = ident.identity(rpc, coldkey)
            values = ident.merged(current["identity"], given, ident.CHAIN_FIELDS)
            preflight.refuse(ident.identity_blocked(values, current["can_set"]))
            require_funds(rpc, coldkey, "subtensor.set_identity", values, 0, "set the identity")
            return values

        values = confirm_fresh(quote, lambda v: output.info(f"Identity to set for {coldkey} on {label}: {preview(v)}"),
                               "Set this identity?", no_prompt, lambda old, new: old != new)
        res = submit(rpc, pair, "subtensor.set_identity", values)
        stored = ident.identity(rpc, coldkey)["identity"] if res["success"] else None
    done(res, {"identity": stored, "address": coldkey, "network": label},
         lambda c, d: render_identity(c, {"title": "New on-chain identity", "address": coldkey, "network": label,
                                          "identity": stored or {}}))


def done(res: dict, extra: dict, render: Any) -> None:
    """The outcome of one signed call in the real btcli's JSON keys: {success, error,
    extrinsic_identifier (block-index), block_number, hash, …extra}; a failed call raises one line."""
    from btcli.errors import CliError

    if not res["success"]:
        raise CliError(f"{res.get('message')} ({res.get('error')}; the fee was paid)")
    ext_id = output.extrinsic_identifier(res)
    output.emit({"success": True, "error": "", "extrinsic_identifier": ext_id, "block_number": res["block_number"],
                 "hash": res["hash"], **extra}, render)
