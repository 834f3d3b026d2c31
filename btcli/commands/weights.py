"""`btcli weights set | commit | reveal` (aliases wt, weight): signed by the wallet's hotkey.

`commit` keeps what it committed (uids, u16 weights, salt, version key, hash) in
<wallet dir>/weight_commits/<genesis>-<netuid>-<hotkey ss58>.json (mode 0600), so `reveal
--netuid N` needs nothing else; it says exactly when a commit can be revealed.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, submit
from btcli.options import (
    Hotkey, JsonOutput, Netuid, Network, NoPrompt, Quiet, UseKeyring, WalletName, WalletPath, resolve_wallet, split_list,
)

app = typer.Typer(no_args_is_help=True, help="Set, commit and reveal weights (signed by the hotkey).")

Uids = Annotated[Optional[list[str]], typer.Option("--uids", "-u", help="Uids to weight: comma-separated or repeated.")]
Weights = Annotated[Optional[list[str]], typer.Option("--weights", "-w", help="One weight per uid (any scale; the largest becomes 65535).")]
Salt = Annotated[Optional[list[str]], typer.Option("--salt", "-s", help="Salt as u16 integers (random when committing without one).")]
VersionKey = Annotated[Optional[int], typer.Option("--version-key", "--version", help="Weights version key (default: the subnet's weights_version).")]


def _need_netuid(netuid: int | None) -> int:
    if netuid is None:
        raise typer.BadParameter("pass --netuid")
    return netuid


def _ints(values: list[str] | None, what: str) -> list[int]:
    out = []
    for item in split_list(values):
        if not item.isdigit():
            raise typer.BadParameter(f"{what} are whole numbers, not {item!r}")
        out.append(int(item))
    return out


def _weights(uids: list[str] | None, weights: list[str] | None) -> tuple[list[int], list[float]]:
    u = _ints(uids, "uids")
    try:
        w = [float(x) for x in split_list(weights)]
    except ValueError:
        raise typer.BadParameter("weights are numbers such as 0.5 or 3") from None
    if not u or len(u) != len(w):
        raise typer.BadParameter(f"pass --uids and --weights with one weight per uid ({len(u)} uids, {len(w)} weights)")
    return u, w


def _hotkey_pair(w: Any, use_keyring: bool | None):
    from btcli.commands.wallet import password_source

    with output.status("Unlocking the hotkey…"):
        return w.hotkey(password_source(use_keyring))


def _version(rpc: Any, netuid: int, version_key: int | None) -> int:
    if version_key is not None:
        return version_key
    from client import subnets

    params = {h["name"]: h["raw"] for h in subnets.hyperparameters(rpc, netuid)["hyperparameters"]}
    return int(params.get("weights_version", 0))


def _preflight(rpc: Any, netuid: int, hotkey: str, uids: list[int], count: int, version_key: int | None,
               call: str) -> int:
    """Refuse weights the chain would refuse (client.preflight.weights_blocked, from one metagraph
    read); the version key to use (the subnet's weights_version unless given)."""
    from client import preflight, subnets

    mg = subnets.metagraph(rpc, netuid)
    key = version_key if version_key is not None else int(mg["hyperparameters"].get("weights_version", 0))
    preflight.refuse(preflight.weights_blocked(mg, hotkey, uids, count, key, call))
    return key


def _failed(res: dict) -> None:
    from btcli.errors import CliError

    if not res["success"]:
        raise CliError(f"{res.get('message')} ({res.get('error')})")


# -- local commit store ---------------------------------------------------------------------------
def commit_file(w: Any, genesis: str, netuid: int, hotkey: str) -> Path:
    return w.directory / "weight_commits" / f"{genesis[2:18]}-{netuid}-{hotkey}.json"


def _load(path: Path) -> list[dict]:
    return json.loads(path.read_text()) if path.exists() else []


def _save(path: Path, items: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not items:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(items, f, indent=1)
    os.replace(tmp, path)


def _ready(local: list[dict], on_chain: dict[str, dict], status: dict, hk: str, n: int) -> tuple[dict, dict]:
    """The oldest local commit that the chain holds and that can be revealed now, with its chain
    entry; a CliError saying when (too early), that it expired, or that there is none."""
    from btcli.errors import CliError

    known = [(e, on_chain[e["commit_hash"]]) for e in local if e["commit_hash"] in on_chain]
    now = f"now block {status['head']}, epoch {status['epoch']}"
    if not known:
        raise CliError(f"no commit of hotkey {hk} on subnet {n} to reveal "
                       + ("(the chain has commits, but not their salt here: pass --uids, --weights and --salt)"
                          if on_chain else "(commit first: `btcli weights commit`)"))
    ready = [(e, c) for e, c in known if c["status"] == "revealable"]
    if ready:
        return ready[0]
    waiting = [c for _, c in known if c["status"] == "waiting"]
    if waiting:
        c = min(waiting, key=lambda x: x["reveal_epoch"])
        raise CliError(f"too early: the commit of block {c['commit_block']} can be revealed in epoch "
                       f"{c['reveal_epoch']}, about blocks {c['reveal_from_block']}–{c['reveal_until_block']} "
                       f"({now}; {max(c['reveal_from_block'] - status['head'], 0)} blocks to wait)")
    c = known[0][1]
    raise CliError(f"the commit of block {c['commit_block']} expired: it had to be revealed in epoch "
                   f"{c['reveal_epoch']} ({now}); commit again")


# -- commands -------------------------------------------------------------------------------------
@app.command("set")
def set_weights(netuid: Netuid = None, uids: Uids = None, weights: Weights = None, version_key: VersionKey = None,
                wallet_name: WalletName = None, wallet_path: WalletPath = None, hotkey: Hotkey = None,
                network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
                json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Set the hotkey's weights on a subnet (refused while the subnet uses commit-reveal)."""
    from client.weights import to_u16

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    u, wts = _weights(uids, weights)
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    hk = w.hotkeypub().ss58_address
    with connect(network) as rpc:
        pair = _hotkey_pair(w, use_keyring)
        key = confirm_fresh(lambda: _preflight(rpc, n, hk, u, len(wts), version_key, "set"), lambda _: None,
                            f"Set {len(u)} weights on subnet {n}?", no_prompt, lambda old, new: False)
        res = submit(rpc, pair, "subtensor.set_weights",
                     {"netuid": n, "dests": u, "weights": to_u16(wts), "version_key": key})
    _failed(res)
    output.emit({"success": True, "message": f"set {len(u)} weights on subnet {n}",
                 "extrinsic_identifier": output.extrinsic_identifier(res), "action": "set", "netuid": n,
                 "hotkey": pair.ss58_address, "uids": u,
                 "weights": to_u16(wts), "version_key": key, "block_number": res["block_number"]},
                lambda c, d: c.print(f"[green]Weights set[/] for {len(d['uids'])} uids on subnet {d['netuid']} "
                                     f"in block #{d['block_number']}"))


def _render_commit(c: Any, d: dict) -> None:
    when = (f"Reveal in epoch {d['reveal_epoch']}, about blocks {d['reveal_from_block']}–{d['reveal_until_block']}"
            if d["reveal_epoch"] is not None else  # a subtensor node's event names no epoch
            "Reveal it once the subnet's reveal period (commit_reveal_period epochs) has passed")
    c.print(f"[green]Weights committed[/] on subnet {d['netuid']} in block #{d['block_number']}. "
            f"{when}: `btcli weights reveal --netuid {d['netuid']}`")


@app.command("commit")
def commit(netuid: Netuid = None, uids: Uids = None, weights: Weights = None, salt: Salt = None,
           version_key: VersionKey = None, wallet_name: WalletName = None, wallet_path: WalletPath = None,
           hotkey: Hotkey = None, network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
           json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Commit the hash of weights; the salt is kept locally so `weights reveal --netuid N` can reveal them."""
    from client.weights import check_scheme, commit_hash, new_salt, to_u16

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    u, wts = _weights(uids, weights)
    salt_values = _ints(salt, "salt values") or new_salt()
    if any(s > 65535 for s in salt_values):
        raise typer.BadParameter("salt values are u16 integers (0..65535)")
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    values = to_u16(wts)
    with connect(network) as rpc:
        check_scheme(rpc)  # the node must hash the commit as this client does, or the reveal fails
        pair = _hotkey_pair(w, use_keyring)
        key = confirm_fresh(lambda: _preflight(rpc, n, pair.ss58_address, u, len(values), version_key, "commit"),
                            lambda _: None, f"Commit {len(u)} weights on subnet {n}?", no_prompt, lambda old, new: False)
        digest = commit_hash(rpc, pair.ss58_address, n, u, values, salt_values, key)
        res = submit(rpc, pair, "subtensor.commit_weights", {"netuid": n, "commit_hash": digest})
        _failed(res)
        ev: dict[str, Any] = next((e["data"] for e in res["events"] if e["name"] == "subtensor.WeightsCommitted"), {})
        path = commit_file(w, rpc.genesis_hash, n, pair.ss58_address)
        items = _load(path)
        items.append({"commit_hash": digest, "uids": u, "values": values, "salt": salt_values, "version_key": key,
                      "commit_block": res["block_number"], "reveal_epoch": ev.get("reveal_epoch")})
        _save(path, items)
    output.emit({"success": True, "message": f"committed {len(u)} weights on subnet {n}",
                 "extrinsic_identifier": output.extrinsic_identifier(res), "action": "commit", "netuid": n,
                 "hotkey": pair.ss58_address, "commit_hash": digest,
                 "block_number": res["block_number"], "reveal_epoch": ev.get("reveal_epoch"),
                 "reveal_from_block": ev.get("reveal_from_block"), "reveal_until_block": ev.get("reveal_until_block"),
                 "salt_file": str(path)},
                _render_commit)


@app.command("reveal")
def reveal(netuid: Netuid = None, uids: Uids = None, weights: Weights = None, salt: Salt = None,
           version_key: VersionKey = None, wallet_name: WalletName = None, wallet_path: WalletPath = None,
           hotkey: Hotkey = None, network: Network = None, use_keyring: UseKeyring = None, no_prompt: NoPrompt = False,
           json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Reveal committed weights: the oldest revealable local commit (or --uids/--weights/--salt)."""
    from btcli.errors import CliError
    from client import subnets
    from client.weights import commit_hash, to_u16

    output.configure(json_output, quiet)
    n = _need_netuid(netuid)
    w = resolve_wallet(wallet_name, wallet_path, hotkey)
    hk = w.hotkeypub().ss58_address
    with connect(network) as rpc:
        path = commit_file(w, rpc.genesis_hash, n, hk)
        local = _load(path)
        if uids or weights or salt:
            u, wts = _weights(uids, weights)
            key = _version(rpc, n, version_key)
            entry: dict[str, Any] = {"uids": u, "values": to_u16(wts), "salt": _ints(salt, "salt values"), "version_key": key}
            entry["commit_hash"] = commit_hash(rpc, hk, n, entry["uids"], entry["values"], entry["salt"], key)
            local = local + [entry]
        pair = _hotkey_pair(w, use_keyring)  # first, so the reveal window read below is fresh when signing

        def quote() -> tuple[dict, dict, dict]:
            if rpc.kind == "subtensor":  # its commit queue is not read here: the oldest local commit; the chain judges its window
                if not local:
                    raise CliError(f"no commit of hotkey {hk} on subnet {n} to reveal (commit first: `btcli weights "
                                   "commit`, or pass --uids, --weights and --salt)")
                chosen = local[-1] if uids or weights or salt else local[0]   # the one given, else the oldest
                _preflight(rpc, n, hk, chosen["uids"], len(chosen["values"]), chosen["version_key"], "reveal")
                return chosen, {"commit_block": chosen.get("commit_block")}, {e["commit_hash"]: {} for e in local}
            status = subnets.weight_commits(rpc, n, hk)
            on_chain = {c["hash"]: c for c in status["commits"]}
            entry, c = _ready(local, on_chain, status, hk, n)
            _preflight(rpc, n, hk, entry["uids"], len(entry["values"]), entry["version_key"], "reveal")
            return entry, c, on_chain

        entry, _, on_chain = confirm_fresh(
            quote, lambda q: output.info(f"The weights committed at block {q[1]['commit_block']} on subnet {n} "
                                         f"({len(q[0]['uids'])} uids) "
                                         + ("are revealed now; the chain checks the reveal window."
                                            if rpc.kind == "subtensor" else "can be revealed now.")),
            "Reveal them?", no_prompt, lambda old, new: old[0]["commit_hash"] != new[0]["commit_hash"])
        res = submit(rpc, pair, "subtensor.reveal_weights",
                     {"netuid": n, "uids": entry["uids"], "values": entry["values"], "salt": entry["salt"],
                      "version_key": entry["version_key"]})
        _failed(res)
        _save(path, [e for e in _load(path) if e["commit_hash"] != entry["commit_hash"] and e["commit_hash"] in on_chain])
    output.emit({"success": True, "message": f"revealed {len(entry['uids'])} weights on subnet {n}",
                 "extrinsic_identifier": output.extrinsic_identifier(res), "action": "reveal", "netuid": n, "hotkey": hk,
                 "commit_hash": entry["commit_hash"],
                 "uids": entry["uids"], "weights": entry["values"], "block_number": res["block_number"]},
                lambda c, d: c.print(f"[green]Weights revealed[/] for {len(d['uids'])} uids on subnet {d['netuid']} "
                                     f"in block #{d['block_number']}"))
