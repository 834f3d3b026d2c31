"""The CLI's connection to a chain: which node (`connect`), the signing key (`unlock`), and one
signed call submitted and waited for (`submit`). Every signed command goes through these, so what a
submission does is written once. Imports stay inside the functions: command modules import this at
start-up.

The order every signed command follows (a price or a state read goes stale while a password is
typed or an encrypted key is derived, 3-20 s of argon2i; the chain then refuses the call and
keeps its fee):

    pair = unlock(w, use_keyring)                  # 1. the slow part first
    q = confirm_fresh(quote, show, "Proceed?", no_prompt, changed)
                                                   # 2. quote, show, ask; quote again after a
                                                   #    person's answer, ask again if it changed
    require_funds(chain, pair.ss58_address, call, args, spend)
                                                   # 3. (in `quote`) refuse what the chain would
    submit(chain, pair, call, args)                # 4. sign and submit at once
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from client.balance import RAO_PER_TAO


_connected: list[Any] = []
"""The backends this command opened (one command speaks to one chain): what `confirm_fresh` names."""

MAX_PERIOD = 65536  # a mortal era's longest period
_period: list[int] = []
"""`--period BLOCKS` of this command: every backend it connects signs mortal for that many blocks."""


def set_period(blocks: int) -> None:
    _period[:] = [blocks]
    for backend in _connected:
        backend.period = blocks


def connect(network: str | None) -> Any:
    """The backend for `--network` (or the environment, the configured network, the local node)."""
    from btcli import config
    from client.network import connect as open_backend

    backend = open_backend(network, config.get("network"), disk_cache=config.get("disk_cache"))
    if _period:
        backend.period = _period[0]
    if _proxy.get("target") is not None:
        _coldkey_only(backend)
    _connected.append(backend)
    return backend


def real_chain() -> str | None:
    """"finney (genesis 0x2f0555cc76…)" while this command speaks to a subtensor node, else None."""
    backend = _connected[-1] if _connected else None
    if backend is None or backend.kind != "subtensor":
        return None
    return f"{backend.label} (genesis {backend.genesis_hash[:12]}…)"


def tao(rao: int | None) -> float | None:
    """rao → TAO for display (None stays None)."""
    return None if rao is None else rao / RAO_PER_TAO


def unlock(w: Any, use_keyring: bool | None) -> Any:
    """The wallet's coldkey pair, decrypted (a spinner while the key is derived), checked against
    coldkeypub.txt. Call it before quoting anything the call depends on (see the module's order)."""
    from btcli import output
    from btcli.commands.wallet import password_source
    from btcli.errors import CliError

    with output.status("Unlocking the coldkey…"):
        pair = w.coldkey(password_source(use_keyring))
    if pair.ss58_address != w.coldkeypub().ss58_address:
        raise CliError(f"the coldkey ({pair.ss58_address}) does not match coldkeypub.txt")
    if getattr(pair, "delegate", None) is not None:
        output.info(f"Signing as the proxy {pair.delegate.ss58_address} of {pair.real}"
                    + (" (announcing only)" if pair.announce_only else ""))
    return pair


Quote = TypeVar("Quote")

QUOTE_MAX_AGE = 0.25
"""Seconds a quote stays good while the user confirms: an answer slower than this (any person's) is
quoted again before signing. On the demo localnet the price moves about 0.1% a second, so a 4 s
answer signed on the quote it saw passed a 0.5% tolerance and the chain kept the fee; only an
answer not waited on (--no-prompt, JSON) keeps its quote."""


def confirm_fresh(quote: Callable[[], Quote], show: Callable[[Quote], None], question: str, no_prompt: bool,
                  changed: Callable[[Quote, Quote], bool], max_age: float = QUOTE_MAX_AGE) -> Quote:
    """Quote, show the preview, ask; return the quote to sign and submit at once.

    Call it after `unlock`. If answering took longer than `max_age` seconds (a person answered: see
    QUOTE_MAX_AGE), quote again just before signing; when
    `changed(old, new)` says the outcome moved (a status, an amount beyond the tolerance), show the
    new preview and ask again, else go on with the new quote (its limits are the fresh ones).
    With --no-prompt (or JSON) nothing is asked and the first quote is returned. A "no" aborts.
    On a subtensor node the network and its genesis are shown and named in the question, and only
    --no-prompt skips it (JSON output alone does not).
    """
    import typer

    from btcli import output

    q = quote()
    real = real_chain()
    while True:
        show(q)
        if real:
            output.info(f"[bold]Network: {real}[/]: a real chain, real TAO")
        asked = time.monotonic()
        if not output.confirm(f"{question} (on {real})" if real else question, no_prompt, default=True,
                              real_money=bool(real)):
            raise typer.Abort()
        if time.monotonic() - asked <= max_age:
            return q
        fresh = quote()
        if not changed(q, fresh):
            return fresh
        output.info("[yellow]The chain moved while you were deciding; here is the new preview.[/]")
        q = fresh


_swap_status: dict[str, Any] = {}  # the last signer's key-swap status, read once per command and chain


def refuse_during_swap(chain: Any, signer: str, call: str) -> None:
    """Refuse (client.preflight.Refused) a call the chain would refuse because `signer` announced a
    coldkey swap (only the swap calls pass) or had it disputed (nothing passes). A status that cannot
    be read (an older node) blocks nothing: the chain still decides."""
    from client import key_swaps, preflight

    if _swap_status.get("chain") is not chain or _swap_status.get("signer") != signer:
        try:
            info = key_swaps.status(chain, signer)
        except Exception:  # noqa: BLE001 - an optional read: never a reason to fail the command
            info = None
        _swap_status.update(chain=chain, signer=signer, info=info)
    if _swap_status["info"]:
        preflight.refuse(key_swaps.swap_lock(_swap_status["info"], call))


def require_funds(chain: Any, signer: str, call: str, args: dict, spend: int = 0, what: str = "") -> int:
    """The call's fee in rao, after checking that `signer`'s free balance covers `spend` rao plus
    the fee; otherwise a CliError saying so in TAO, on this network, with what to do."""
    from btcli.errors import CliError

    refuse_during_swap(chain, signer, call)
    key = _proxy.get("key")
    if key is not None and key.real == signer:  # a proxy signs: its checks and its fee (client.proxy)
        fee = proxy_fee(chain, key, call, args)
        spend_only = chain.account(signer).free.rao
        if spend_only < spend:
            raise CliError(f"balance too low{' to ' + what if what else ''}: {signer} holds τ{tao(spend_only):,.9f} on "
                           f"{chain.label}, τ{tao(spend):,.9f} needed (its proxy pays the fee)")
        return fee
    fee = chain.estimate_fee(signer, call, args).rao
    free = chain.account(signer).free.rao
    if free < spend + fee:
        need = f"τ{tao(spend):,.9f} + fee τ{tao(fee):,.9f}" if spend else f"the fee τ{tao(fee):,.9f}"
        raise CliError(f"balance too low{' to ' + what if what else ''}: {signer} holds τ{tao(free):,.9f} on "
                       f"{chain.label}, {need} needed; send TAO to it first (`btcli wallet transfer`)"
                       + (" or ask for less" if spend else ""))
    return fee


def submit(chain: Any, pair: Any, call: str, args: dict) -> dict[str, Any]:
    """Sign, submit, wait; {success, block_number, error, message, events} (never raises on a failed call)."""
    refuse_during_swap(chain, pair.ss58_address, call)
    outcome = chain.submit_and_wait(chain.sign(pair, call, args), raise_on_failure=False)
    if outcome.get("status") != "included":
        return {"success": False, "error": outcome.get("status"), "message": outcome.get("reason", "not included"),
                "events": []}
    events = chain.extrinsic_events(outcome)
    result = {"success": bool(outcome.get("success")), "block_number": outcome["block_number"], "hash": outcome["hash"],
              "error": outcome.get("error"), "message": outcome.get("message"), "events": events}
    inner = next((e.get("data") or {} for e in events if str(e.get("name", "")).endswith("ProxyExecuted")), None)
    if getattr(pair, "delegate", None) is not None and inner and inner.get("success") is False:
        # Proxy.proxy succeeds whatever its call does: the proxied call's own failure is the outcome
        result.update(success=False, error=inner.get("error"), message=inner.get("message"))
    sudid = next((e.get("data") or {} for e in events if e.get("name") == "sudo.Sudid"), None)
    if sudid and sudid.get("success") is False:  # so does Sudo.sudo: its call's failure is the outcome
        result.update(success=False, error=sudid.get("error"), message=sudid.get("message"))
    return result


# -- --proxy: sign as a proxy of another account (the real btcli's flag; client/proxy.py) ------
_proxy: dict[str, Any] = {}


def set_proxy(target: str | None = None, announce_only: bool | None = None) -> None:
    """What --proxy / --announce-only said for this command (the flags' callbacks)."""
    if announce_only is None:  # the --proxy callback (each flag's callback runs once per command)
        _proxy.pop("key", None)
        _proxy["target"] = target
    else:
        _proxy["announce_only"] = announce_only


def proxied(w: Any) -> Any:
    """`w`, or with --proxy a wallet whose coldkey acts for the real account: its address is the
    real account's, its key the wallet's own (a client.proxy.ProxiedKey)."""
    from btcli.errors import CliError

    target = _proxy.get("target")
    if target is None:
        if _proxy.get("announce_only"):
            raise CliError("--announce-only needs --proxy (the real account whose call a delayed proxy announces)",
                           exit_code=2)
        return w
    from btcli import proxy_book

    try:
        real = proxy_book.resolve(target)
    except ValueError as exc:
        raise CliError(str(exc), exit_code=2) from None
    return ProxiedWallet(w, real, bool(_proxy.get("announce_only")))


class ProxiedWallet:
    """A wallet signing as the proxy of `real`; everything but the coldkey is the wallet's own."""

    def __init__(self, wallet: Any, real: str, announce_only: bool) -> None:
        self._wallet, self.real, self.announce_only = wallet, real, announce_only

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wallet, name)

    def coldkeypub(self) -> Any:
        from client.proxy import ProxiedKey

        return ProxiedKey(self.real, None)

    def coldkey(self, *args: Any, **kwargs: Any) -> Any:
        from client.proxy import ProxiedKey

        key = ProxiedKey(self.real, self._wallet.coldkey(*args, **kwargs), self.announce_only, _remember)
        _proxy["key"] = key
        return key


def _remember(key: Any, call: str, args: dict, digest: str) -> None:
    """Keep a call being announced for `btcli proxy execute --call-hash` (btcli.proxy_book)."""
    from btcli import output, proxy_book

    proxy_book.record_announcement(key.real, key.delegate.ss58_address, 0, digest, {"call": call, "args": args})
    output.info(f"Announcing {call} for {key.real}: call hash {digest}. After the proxy's delay run "
                f"`btcli proxy execute --proxy {key.real} --call-hash {digest}`")


def _coldkey_only(backend: Any) -> None:
    """With --proxy, refuse (before signing) a call this command signs with another key than the
    proxied coldkey (a hotkey's weights or axon): --proxy would otherwise be silently ignored."""
    from btcli.errors import CliError

    sign = backend.sign

    def proxied_sign(keypair: Any, call: str, args: dict, *rest: Any, **kw: Any) -> Any:
        if getattr(keypair, "delegate", None) is None:
            raise CliError(f"--proxy acts for a coldkey, and this command signs {call} with another key (a hotkey): "
                           "drop --proxy", exit_code=2)
        return sign(keypair, call, args, *rest, **kw)

    backend.sign = proxied_sign


def proxy_pays(signer: str) -> bool:
    """Whether a --proxy delegate signs for `signer` (and so pays the fee, not `signer`)."""
    key = _proxy.get("key")
    return key is not None and key.real == signer


def proxy_fee(chain: Any, key: Any, call: str, args: dict) -> int:
    """The fee the proxy pays for `call` wrapped for `key`, after the checks client.proxy.prepare
    makes (refused in one line before signing)."""
    from client.proxy import prepare
    from node.proxy_rules import call_hash

    hasher = getattr(chain, "_call_hash", call_hash)
    delegate, name, wrapped = prepare(chain, key, call, args, hasher)
    return int(chain.estimate_fee(delegate.ss58_address, name, wrapped).rao)
