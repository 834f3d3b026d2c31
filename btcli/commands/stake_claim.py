"""`btcli stake set-claim | process-claim | claimable`: root dividends (node.runtime.root_claim).

Root stakers earn a share of each subnet's root dividends through the hotkeys they stake on; it
waits on chain until claimed. `set-claim` chooses what a claim does (swap: sell the alpha for TAO
staked on root; keep: keep it as alpha stake on the subnet; keep-subnets: keep on the listed
subnets, swap elsewhere), `process-claim` claims, `claimable` shows what is waiting.
"""
from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, tao, unlock
from btcli.commands.stake import app, coldkey_and_labels, hotkey_label, hotkey_labels
from btcli.options import ColdkeySs58 as Coldkey
from btcli.options import (
    JsonOutput,
    Netuids,
    Network,
    NoPrompt,
    Quiet,
    UseKeyring,
    WalletName,
    WalletPath,
    parse_netuids,
    resolve_wallet,
)

ClaimKind = Annotated[str | None, typer.Argument(help="swap, keep or keep-subnets.", show_default=False)]


def _describe(kind: str, netuids: list[int]) -> str:
    return {"Swap": "swap (to TAO, staked on root)", "Keep": "keep (as alpha on each subnet)"}.get(
        kind, f"keep on subnets {', '.join(map(str, netuids))}, swap elsewhere")


# -- claimable --------------------------------------------------------------------------------------
def _render_claimable(console: Any, d: dict) -> None:
    if not d["claimable"]:
        console.print(f"No root dividends waiting for {d['coldkey']}: they come to TAO staked on root (netuid 0) "
                      "to a hotkey that validates on a subnet (`btcli stake add --netuid 0`).")
        console.print(f"Claim type: {_describe(d['claim_type'], d['keep_netuids'])}")
        return
    rows = [[c["netuid"], c["hotkey_label"], f"α{c['owed']:,.9f}", f"τ{c['root_stake']:,.9f}",
             "swap" if c["swap"] else "keep", "" if c["above_threshold"] else "below threshold"] for c in d["claimable"]]
    output.table(console, f"Root dividends of {d['coldkey']}", ["netuid", "hotkey", "claimable", "root stake", "on claim", ""],
                 rows, keep=["hotkey", "claimable", "root stake"])
    console.print(f"Claim type: {_describe(d['claim_type'], d['keep_netuids'])}; claims pay at least α{d['threshold']:.9f}")


@app.command("claimable")
def claimable(wallet_name: WalletName = None, wallet_path: WalletPath = None, ss58: Coldkey = None,
              network: Network = None, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Root dividends waiting to be claimed, per hotkey and subnet, and the coldkey's claim type."""
    from client import claims

    output.configure(json_output, quiet)
    coldkey, names = coldkey_and_labels(ss58, wallet_name, wallet_path)
    with connect(network) as rpc:
        info = claims.root_claims(rpc, coldkey)
    rows = [{**c, "hotkey_label": hotkey_label(c["hotkey"], names), "owed_rao": c["owed"], "owed": tao(c["owed"]),
             "root_stake_rao": c["root_stake"], "root_stake": tao(c["root_stake"])} for c in info["claimable"] if c["owed"]]
    output.emit({"coldkey": coldkey, "head": info["head"], "claim_type": info["claim_type"],
                 "keep_netuids": info["keep_netuids"], "threshold": tao(info["threshold"]), "claimable": rows,
                 "totals": {n: tao(v) for n, v in info["totals"].items()}}, _render_claimable)


# -- set-claim ------------------------------------------------------------------------------------
@app.command("set-claim")
def set_claim(claim_type: ClaimKind = None, netuids: Netuids = None, wallet_name: WalletName = None,
              wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None,
              no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Set how your root dividends are claimed: swap (default), keep, or keep-subnets --netuids 1,2."""
    from btcli.errors import CliError
    from client import claims

    output.configure(json_output, quiet)
    if claim_type is None:
        raise typer.BadParameter("pass the claim type: swap, keep or keep-subnets (with --netuids)")
    try:
        value = claims.claim_type_value(claim_type, parse_netuids(netuids))
    except ValueError as exc:
        raise CliError(str(exc)) from None
    kind = value if isinstance(value, str) else "KeepSubnets"
    kept = [] if isinstance(value, str) else value["KeepSubnets"]["subnets"]
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey = w.coldkeypub().ss58_address
    with connect(network) as rpc:
        call, args = "subtensor.set_root_claim_type", {"new_root_claim_type": value}

        def quote() -> dict:
            require_funds(rpc, coldkey, call, args, what="set the claim type")
            return claims.root_claims(rpc, coldkey)

        quote()  # the fee checked before any password is asked; again once the key is unlocked (btcli.chain's order)
        pair = unlock(w, use_keyring)
        before = confirm_fresh(quote, lambda q: output.info(
            f"Root claim type of {coldkey}: {_describe(q['claim_type'], q['keep_netuids'])} → {_describe(kind, kept)}"),
            "Proceed?", no_prompt, lambda old, new: (old["claim_type"], old["keep_netuids"]) != (new["claim_type"], new["keep_netuids"]))
        res = submit(rpc, pair, call, args)
        if not res["success"]:
            raise CliError(f"{res.get('message')} ({res.get('error')})")
    output.emit({"success": True, "message": f"root claim type set to {_describe(kind, kept)}",
                 "extrinsic_identifier": output.extrinsic_identifier(res), "coldkey": coldkey, "claim_type": kind,
                 "keep_netuids": kept, "previous": before["claim_type"], "block_number": res["block_number"]},
                lambda c, d: c.print(f"[green]Root claim type[/] {_describe(d['claim_type'], d['keep_netuids'])} "
                                     f"in block #{d['block_number']}"))


# -- process-claim --------------------------------------------------------------------------------
def _render_claims(console: Any, d: dict) -> None:
    if not d["claims"]:
        console.print(d.get("message") or "Nothing claimed.")
        return
    rows = [[c["netuid"], c["hotkey_label"], f"α{c['alpha']:,.9f}",
             "kept as alpha" if c["kept"] else f"τ{c['tao']:,.9f} staked on root"] for c in d["claims"]]
    output.table(console, f"Root claims of {d['coldkey']}", ["netuid", "hotkey", "claimed", "result"], rows,
                 keep=["hotkey", "claimed"])


@app.command("process-claim")
def process_claim(netuids: Netuids = None, wallet_name: WalletName = None, wallet_path: WalletPath = None,
                  network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
                  json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Claim your root dividends now (on every subnet with something to claim, or on --netuids)."""
    from btcli.errors import CliError
    from client import claims

    output.configure(json_output, quiet)
    chosen = parse_netuids(netuids)
    w = resolve_wallet(wallet_name, wallet_path, None)
    coldkey, names = w.coldkeypub().ss58_address, hotkey_labels(w)
    with connect(network) as rpc:
        def quote() -> tuple[dict, list, list[int]]:
            """(the coldkey's claims, those ready to claim, the subnets to claim on); the fee checked."""
            info = claims.root_claims(rpc, coldkey)
            ready = [c for c in info["claimable"] if c["above_threshold"] and (not chosen or c["netuid"] in chosen)]
            targets = chosen or sorted({c["netuid"] for c in ready})
            if ready:
                require_funds(rpc, coldkey, *claims.claim_root_calls(targets)[0], what="claim")
            return info, ready, targets

        def nothing(info: dict) -> str:
            return (f"Nothing to claim{' on subnets ' + ', '.join(map(str, chosen)) if chosen else ''} "
                    f"(claims pay at least α{tao(info['threshold']):.9f}; `btcli stake claimable` shows what waits)")

        def fresh() -> tuple[dict, list, list[int]]:
            q = quote()
            if not q[1]:
                raise CliError(nothing(q[0]))
            return q

        info, ready, targets = quote()  # refused (or nothing to do) before any password is asked
        data: dict[str, Any] = {"action": "stake process-claim", "coldkey": coldkey, "claim_type": info["claim_type"],
                                "netuids": targets, "claims": [], "results": [], "extrinsic_identifier": None}
        if not ready:
            data["message"] = nothing(info)
            data["success"] = True
            output.emit(data, _render_claims)
            return
        pair = unlock(w, use_keyring)  # btcli.chain's order: quoted again once the key is unlocked
        info, ready, targets = confirm_fresh(fresh, lambda q: output.info(
            f"Claim α{tao(sum(c['owed'] for c in q[1])):,.9f} of root dividends on subnet(s) "
            f"{', '.join(map(str, q[2]))}: {_describe(q[0]['claim_type'], q[0]['keep_netuids'])}"),
            "Proceed?", no_prompt, lambda old, new: old[2] != new[2])
        data.update(claim_type=info["claim_type"], netuids=targets)
        for call, args in claims.claim_root_calls(targets):
            res = submit(rpc, pair, call, args)
            ext_id = output.extrinsic_identifier(res)
            data["extrinsic_identifier"] = data["extrinsic_identifier"] or ext_id  # the real btcli's key: one call
            data["results"].append({"subnets": args["subnets"], "success": res["success"], "error": res.get("error"),
                                    "message": res.get("message"), "block_number": res.get("block_number"),
                                    "extrinsic_identifier": ext_id})
            for event in res["events"]:
                if event["name"] == "subtensor.RootClaimed":
                    data["claims"] += [{**c, "hotkey_label": hotkey_label(c["hotkey"], names), "alpha_rao": c["alpha"],
                                        "alpha": tao(c["alpha"]), "tao_rao": c["tao"], "tao": tao(c["tao"])}
                                       for c in event["data"]["claims"]]
    failed = [r for r in data["results"] if not r["success"]]
    if failed:
        data["message"] = f"claim on subnets {failed[0]['subnets']} failed: {failed[0]['message']} ({failed[0]['error']})"
        data["success"] = False
        output.emit(data, _render_claims)
        if not output.current().json_output:
            sys.stderr.write(f"Error: {data['message']}\n")
        raise typer.Exit(1)
    data["success"] = True
    output.emit(data, _render_claims)
