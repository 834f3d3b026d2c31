"""Signing for another account through a proxy (the chain's Proxy.proxy), for both backends.

A `ProxiedKey` stands where a coldkey pair would: its address is the real account's (so every read
and quote of a command is about the real account), its key is the delegate's. A backend's `sign`
hands it to `prepare`, which refuses before signing what the chain would refuse (no such proxy, a
delayed proxy without an announcement, a type that does not allow the call, a delegate that cannot
pay the fee) and answers the delegate's pair and the wrapping call: `proxy.proxy(real,
force_proxy_type, call)`, or with `announce_only` `proxy.announce(real, hash of the call)`.
The type rules are the chain's (node.proxy_rules, pure).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from client.preflight import Problem, refuse
from node import proxy_rules


@dataclass(frozen=True)
class ProxiedKey:
    """The real account `real`, signed for by `delegate` (a keypair) as its proxy."""

    real: str
    delegate: Any
    announce_only: bool = False
    on_announce: Any = None  # on_announce(key, call, args, call_hash) before an announcement is signed

    @property
    def ss58_address(self) -> str:
        return self.real

    @property
    def public_key(self) -> bytes:
        from wallet import ss58

        return ss58.decode(self.real)


@dataclass(frozen=True)
class ProxyDef:
    delegate: str
    proxy_type: str
    delay: int


def proxies_of(backend: Any, real: str) -> list[ProxyDef]:
    """`real`'s proxies, in the chain's order."""
    found = backend.call("taonet_proxies", real)
    return [ProxyDef(p["delegate"], p["proxy_type"], int(p["delay"])) for p in found["proxies"]]


def choose(defs: list[ProxyDef], real: str, delegate: str, call: str, args: dict[str, Any],
           announce_only: bool) -> tuple[str | None, Problem | None]:
    """(force_proxy_type to send, or None when the chain's first match serves; a Problem) for
    `delegate` acting for `real`: the chain uses the first of its proxies unless a type is forced."""
    mine = [d for d in defs if d.delegate == delegate]
    if not mine:
        return None, Problem("proxy.NotProxy", f"{delegate} is not a proxy of {real}: the real account adds it first "
                             f"(`btcli proxy add --delegate {delegate} --proxy-type …`, signed by {real})")
    usable = [d for d in mine if proxy_rules.allows(d.proxy_type, call, args)]
    if not usable:
        kinds = ", ".join(sorted({d.proxy_type for d in mine}))
        return None, Problem("system.CallFiltered", f"{delegate} is a {kinds} proxy of {real}, which may not call "
                             f"{call}: ask for a proxy of a type that allows it")
    immediate = [d for d in usable if d.delay == 0]
    if not announce_only and not immediate:
        return None, Problem("proxy.Unannounced", f"this proxy has a delay of {usable[0].delay} blocks: announce the "
                             "call first (--announce-only), then run `btcli proxy execute` after the delay")
    pick = usable[0] if announce_only else immediate[0]
    return (None if mine[0] == pick else pick.proxy_type), None


def prepare(backend: Any, key: ProxiedKey, call: str, args: dict[str, Any],
            call_hash: Callable[[str, dict[str, Any]], str]) -> tuple[Any, str, dict[str, Any]]:
    """(delegate pair, wrapping call, its args) for `call(args)` made by `key`; raises Refused (one
    line, nothing signed) when the chain would refuse it or the delegate cannot pay the fee."""
    delegate = key.delegate.ss58_address
    force, problem = choose(proxies_of(backend, key.real), key.real, delegate, call, args, key.announce_only)
    refuse(problem)
    wrapped: dict[str, Any]
    if key.announce_only:
        digest = call_hash(call, args)
        name, wrapped = "proxy.announce", {"real": key.real, "call_hash": digest}
    else:
        name, wrapped = "proxy.proxy", {"real": key.real, "force_proxy_type": force,
                                        "call": {"call": call, "args": args}}
    fee = backend.estimate_fee(delegate, name, wrapped).rao
    free = backend.account(delegate).free.rao
    if free < fee:
        refuse(Problem("balances.InsufficientBalance",
                       f"the proxy {delegate} signs and pays the fee: it holds {proxy_rules_tao(free)}, the fee is "
                       f"{proxy_rules_tao(fee)}; send TAO to it first (`btcli wallet transfer`)"))
    if key.announce_only and key.on_announce is not None:
        key.on_announce(key, call, args, digest)
    return key.delegate, name, wrapped


def proxy_rules_tao(rao: int) -> str:
    from client.balance import Balance

    return str(Balance.from_rao(rao))
