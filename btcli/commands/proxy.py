"""`btcli proxy create | add | remove | kill | execute`: accounts that act for the wallet's coldkey.

The real btcli 9.23.2's flags and JSON keys ({success, message, data, extrinsic_identifier}); the
chain's rules are node.proxy_rules (README "Proxies"). What the chain would refuse (a duplicate or
missing proxy, more than 20, a deposit the coldkey cannot hold back) is refused before signing.
"""
from __future__ import annotations

from typing import Annotated, Any

import typer

from btcli import output
from btcli.chain import confirm_fresh, connect, require_funds, submit, unlock
from btcli.options import (
    JsonOutput,
    Network,
    NoPrompt,
    Quiet,
    UseKeyring,
    WalletName,
    WalletPath,
    resolve_wallet,
)

app = typer.Typer(no_args_is_help=True, help="Proxies: accounts that sign for your coldkey within a type's limits.")

ProxyType = Annotated[str, typer.Option("--proxy-type", help="Any, Owner, NonCritical, NonTransfer, NonFungible, Staking, "
                                        "Registration, Transfer, SmallTransfer, ChildKeys, SwapHotkey, "
                                        "SubnetLeaseBeneficiary, RootClaim (README: Proxies).")]
Delay = Annotated[int, typer.Option("--delay", help="Delay, in blocks: a delayed proxy announces each call first.")]
Index = Annotated[int, typer.Option("--index", help="A disambiguation index (0 unless several pure proxies are made in one transaction).")]
Delegate = Annotated[str | None, typer.Option("--delegate", help="The delegate's ss58 address.")]


def _kind(value: str) -> str:
    from btcli.errors import CliError
    from node.proxy_rules import DEPRECATED, proxy_type

    try:
        kind = proxy_type(value)
    except ValueError as exc:
        raise CliError(f"--proxy-type: {exc}", exit_code=2) from None
    if kind in DEPRECATED:
        raise CliError(f"--proxy-type {kind} is deprecated on the chain: it allows no call", exit_code=2)
    return kind


def _address(value: str | None, flag: str) -> str:
    from btcli.errors import CliError
    from wallet import ss58

    if not value:
        raise CliError(f"{flag} is required: an ss58 address", exit_code=2)
    if not ss58.is_valid(value):
        raise CliError(f"{flag} takes an ss58 address, not {value!r}", exit_code=2)
    return value


def _event(res: dict, name: str) -> dict:
    return next((e.get("data") or {} for e in res["events"] if str(e.get("name", "")).endswith(name)), {})


def _finish(res: dict, message: str, data: dict | None, render_extra: str = "") -> None:
    from btcli.errors import CliError

    if not res["success"]:
        raise CliError(f"{res.get('message')} ({res.get('error')}; the fee was paid)")
    out = {"success": True, "message": message, "extrinsic_identifier": output.extrinsic_identifier(res)}
    if data is not None:
        out["data"] = data
    output.emit(out, lambda c, d: c.print(d["message"] + render_extra))


def _run(w: Any, network: str | None, use_keyring: bool | None, no_prompt: bool, call: str, args: dict,
         question: str, spend: int = 0) -> tuple[dict, str]:
    with connect(network) as rpc:
        pair = unlock(w, use_keyring)
        signer = pair.ss58_address

        def quote() -> int:
            return require_funds(rpc, signer, call, args, spend, question.rstrip("?").lower())

        confirm_fresh(quote, lambda fee: output.info(f"{question} The fee is τ{fee / 1e9:,.9f}"
                                                     + (f"; τ{spend / 1e9:,.9f} is held as a deposit" if spend else "")),
                      "Proceed?", no_prompt, lambda a, b: False)
        res = submit(rpc, pair, call, args)
        res.setdefault("head", rpc.label)
    return res, signer


def _deposit_growth(rpc_network: str | None, real: str, more: int) -> int:
    from btcli.chain import connect as open_chain
    from client.proxy import proxies_of
    from node.proxy_rules import deposit

    with open_chain(rpc_network) as rpc:
        count = len(proxies_of(rpc, real))
    return deposit(count + more) - deposit(count)


@app.command("create")
def create(proxy_type: ProxyType = "Any", delay: Delay = 0, index: Index = 0, wallet_name: WalletName = None,
           wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None,
           no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Create a pure proxy: a keyless account whose one proxy is your coldkey (0.093 TAO held as
    a deposit until it is killed). Keep the block and extrinsic index: `btcli proxy kill` needs them.

    JSON: {success, message, data: {pure, spawner, proxy_type, delay, height, ext_index}, extrinsic_identifier}.

    Example: btcli proxy create --proxy-type Any --no-prompt
    """
    from node.proxy_rules import PROXY_DEPOSIT_BASE, PROXY_DEPOSIT_FACTOR

    output.configure(json_output, quiet)
    kind = _kind(proxy_type)
    w = resolve_wallet(wallet_name, wallet_path, None)
    res, signer = _run(w, network, use_keyring, no_prompt, "proxy.create_pure",
                       {"proxy_type": kind, "delay": delay, "index": index},
                       f"Create a pure proxy of type {kind} with delay {delay}?", PROXY_DEPOSIT_BASE + PROXY_DEPOSIT_FACTOR)
    created = _event(res, "PureCreated")
    ext = output.extrinsic_identifier(res) if res["success"] else None
    height, ext_index = (int(p) for p in ext.split("-")) if ext else (None, None)
    message = (f"Created pure '{created.get('pure')}' from spawner '{created.get('who', signer)}' with proxy type "
               f"'{kind}' with delay {delay}.")
    _finish(res, message, {"pure": created.get("pure"), "spawner": created.get("who", signer), "proxy_type": kind,
                           "delay": delay, "height": height, "ext_index": ext_index},
            f"\n Block {height}, extrinsic {ext_index}. Add it to your address book with `btcli config add-proxy "
            f"--name <NAME> --address {created.get('pure')} --proxy-type {kind} --delay {delay} --spawner {signer}`")


@app.command("add")
def add(delegate: Delegate = None, proxy_type: ProxyType = "Any", delay: Delay = 0, wallet_name: WalletName = None,
        wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None,
        no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Make an existing account a proxy of your coldkey, allowed what its type allows (the deposit
    grows by 0.033 TAO per proxy, 0.06 TAO more for the first).

    JSON: {success, message, data: {delegatee, delegator, proxy_type, delay}, extrinsic_identifier}.

    Example: btcli proxy add --delegate 5F... --proxy-type Staking --no-prompt
    """
    from btcli.errors import CliError
    from client.proxy import proxies_of
    from node.proxy_rules import MAX_PROXIES

    output.configure(json_output, quiet)
    kind = _kind(proxy_type)
    who = _address(delegate, "--delegate")
    w = resolve_wallet(wallet_name, wallet_path, None)
    real = w.coldkeypub().ss58_address
    if who == real:
        raise CliError("an account cannot be its own proxy (--delegate is this wallet's coldkey)")
    with connect(network) as rpc:
        defs = proxies_of(rpc, real)
    if any((d.delegate, d.proxy_type, d.delay) == (who, kind, delay) for d in defs):
        raise CliError(f"{who} is already a {kind} proxy of {real} with delay {delay}; nothing to do")
    if len(defs) >= MAX_PROXIES:
        raise CliError(f"{real} already has {MAX_PROXIES} proxies, the most the chain allows; remove one first")
    res, signer = _run(w, network, use_keyring, no_prompt, "proxy.add_proxy",
                       {"delegate": who, "proxy_type": kind, "delay": delay},
                       f"Add {who} as a {kind} proxy with delay {delay}?", _deposit_growth(network, real, 1))
    message = f"Added proxy delegatee '{who}' from delegator '{signer}' with proxy type '{kind}' with delay {delay}."
    _finish(res, message, {"delegatee": who, "delegator": signer, "proxy_type": kind, "delay": delay})


@app.command("remove")
def remove(delegate: Delegate = None, all_: Annotated[bool, typer.Option("--all", help="Remove every proxy of this account.")] = False,
           proxy_type: ProxyType = "Any", delay: Delay = 0, wallet_name: WalletName = None,
           wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None,
           no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Remove one proxy (its delegate, type and delay) or, with --all, every proxy of your coldkey;
    the deposit is released.

    JSON: {success, message, extrinsic_identifier}.

    Example: btcli proxy remove --delegate 5F... --proxy-type Staking --no-prompt
    """
    from btcli.errors import CliError
    from client.proxy import proxies_of

    output.configure(json_output, quiet)
    if all_ and delegate:
        raise CliError("--delegate cannot be used together with --all flag.", exit_code=2)
    if not all_ and not delegate:
        raise CliError("Either --delegate must be provided or --all flag must be used.", exit_code=2)
    w = resolve_wallet(wallet_name, wallet_path, None)
    real = w.coldkeypub().ss58_address
    with connect(network) as rpc:
        defs = proxies_of(rpc, real)
    if all_:
        if not defs:
            raise CliError(f"{real} has no proxies; nothing to remove")
        call, args, what = "proxy.remove_proxies", {}, f"Remove all {len(defs)} proxies of {real}?"
    else:
        kind, who = _kind(proxy_type), _address(delegate, "--delegate")
        if not any((d.delegate, d.proxy_type, d.delay) == (who, kind, delay) for d in defs):
            have = ", ".join(f"{d.delegate} {d.proxy_type} delay {d.delay}" for d in defs) or "none"
            raise CliError(f"{who} is not a {kind} proxy of {real} with delay {delay} (its proxies: {have})")
        call, args, what = "proxy.remove_proxy", {"delegate": who, "proxy_type": kind, "delay": delay}, \
            f"Remove the {kind} proxy {who}?"
    res, _ = _run(w, network, use_keyring, no_prompt, call, args, what)
    _finish(res, "Success!", None)


@app.command("kill")
def kill(height: Annotated[int | None, typer.Option("--height", help="The block the pure proxy was created in.")] = None,
         ext_index: Annotated[int | None, typer.Option("--ext-index", help="The extrinsic index of its PureCreated event.")] = None,
         spawner: Annotated[str | None, typer.Option("--spawner", help="The pure proxy's creator (default: this wallet's coldkey).")] = None,
         proxy_type: ProxyType = "Any", index: Index = 0, wallet_name: WalletName = None,
         wallet_path: WalletPath = None, network: Network = None, use_keyring: UseKeyring = None,
         no_prompt: NoPrompt = False, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Kill a pure proxy for good (pass it as --proxy: the pure account itself calls kill_pure, through
    its Any proxy); the spawner's deposit is released. Whatever it still holds is lost.

    JSON: {success, message, extrinsic_identifier}.

    Example: btcli proxy kill --proxy 5Pure... --height 120 --ext-index 0 --proxy-type Any --no-prompt
    """
    from btcli.chain import ProxiedWallet
    from btcli.errors import CliError
    from node.proxy_rules import pure_account

    output.configure(json_output, quiet)
    kind = _kind(proxy_type)
    w = resolve_wallet(wallet_name, wallet_path, None)
    if not isinstance(w, ProxiedWallet):
        raise CliError("--proxy is required: the pure proxy to kill (its address or address-book name)", exit_code=2)
    if height is None or ext_index is None:
        raise CliError("--height and --ext-index are required: the block and extrinsic index `btcli proxy create` "
                       "reported", exit_code=2)
    origin = _address(spawner, "--spawner") if spawner else w._wallet.coldkeypub().ss58_address
    if pure_account(origin, kind, index, height, ext_index) != w.real:
        raise CliError(f"{w.real} is not the pure proxy {origin} created with type {kind}, index {index} at block "
                       f"{height}, extrinsic {ext_index}: check --height, --ext-index, --index and --proxy-type")
    res, _ = _run(w, network, use_keyring, no_prompt, "proxy.kill_pure",
                  {"spawner": origin, "proxy_type": kind, "index": index, "height": height, "ext_index": ext_index},
                  f"Kill the pure proxy {w.real}? Whatever it holds is lost.")
    _finish(res, "Success!", None)


@app.command("execute")
def execute(proxy: Annotated[str | None, typer.Option("--proxy", help="The real account the call was announced for (ss58 or an address-book name).")] = None,
            real: Annotated[str | None, typer.Option("--real", help="The real account, when --proxy names another entry.")] = None,
            delegate: Annotated[str | None, typer.Option("--delegate", help="The delegate that announced the call (default: this wallet's coldkey).")] = None,
            call_hash: Annotated[str | None, typer.Option("--call-hash", help="The announced call's hash (what --announce-only printed).")] = None,
            call_hex: Annotated[str | None, typer.Option("--call-hex", help="Refused: taonet's btcli executes the calls it announced (--call-hash).")] = None,
            wallet_name: WalletName = None, wallet_path: WalletPath = None, network: Network = None,
            use_keyring: UseKeyring = None, no_prompt: NoPrompt = False, json_output: JsonOutput = False,
            quiet: Quiet = False) -> None:
    """Make a call a delayed proxy announced (`--proxy REAL --announce-only` on any signed command),
    once the proxy's delay has passed: Proxy.proxy_announced, signed by this wallet.

    JSON: {success, message, extrinsic_identifier}.

    Example: btcli proxy execute --proxy 5Real... --call-hash 0xab12... --no-prompt
    """
    from btcli import proxy_book
    from btcli.errors import CliError
    from client.proxy import proxies_of
    from node.proxy_rules import allows
    from wallet.wallet import Wallet

    output.configure(json_output, quiet)
    if call_hex is not None:
        raise CliError("--call-hex: taonet's btcli executes the calls it announced itself; pass --call-hash (what "
                       "--announce-only printed)", exit_code=2)
    if not call_hash or not (proxy or real):
        raise CliError("--proxy (or --real) and --call-hash are required", exit_code=2)
    try:
        who = proxy_book.resolve(real or proxy or "")
    except ValueError as exc:
        raise CliError(str(exc), exit_code=2) from None
    w = resolve_wallet(wallet_name, wallet_path, None)
    base = w._wallet if not isinstance(w, Wallet) and hasattr(w, "_wallet") else w
    by = _address(delegate, "--delegate") if delegate else base.coldkeypub().ss58_address
    found = [a for a in proxy_book.announcements(who, call_hash) if a["delegate"] == by]
    if not found:
        raise CliError(f"no call with hash {call_hash} announced by {by} for {who} in {proxy_book.path()} "
                       "(announce it with --proxy … --announce-only first)")
    entry = found[0]
    inner = entry["call"]
    with connect(network) as rpc:
        defs = [d for d in proxies_of(rpc, who) if d.delegate == by]
        if not defs:
            raise CliError(f"{by} is no longer a proxy of {who}")
        state = rpc.call("taonet_proxies", by)
        mine = [a for a in state["announcements"] if a["real"] == who and a["call_hash"].lower() == call_hash.lower()]
        if not mine:
            raise CliError(f"the chain holds no announcement {call_hash} by {by} for {who} (removed, rejected or "
                           "already executed)")
        head, delay = int(state["head"]) + 1, defs[0].delay  # the block the call would land in, at the earliest
        if head - mine[0]["height"] < delay:
            raise CliError(f"the delay is {delay} blocks from block {mine[0]['height']}: execute from block "
                           f"{mine[0]['height'] + delay} (now {head})")
        if not allows(defs[0].proxy_type, inner["call"], inner["args"]):
            raise CliError(f"a {defs[0].proxy_type} proxy may not call {inner['call']}")
        args = {"delegate": by, "real": who, "force_proxy_type": None, "call": inner}
        res, _ = _run(base, network, use_keyring, no_prompt, "proxy.proxy_announced", args,
                      f"Execute {inner['call']} for {who}?")
    result = _event(res, "ProxyExecuted")
    if res["success"] and result.get("success") is False:
        res.update(success=False, error=result.get("error"), message=result.get("message"))
    if res["success"]:
        proxy_book.mark_executed(entry["id"])
    _finish(res, "Success!", None)
