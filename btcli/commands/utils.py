"""`btcli utils convert`: amounts between TAO and rao, and between alpha and TAO at a subnet's price.

TAO and rao are fixed (1 TAO = 10^9 rao, exact, no node needed); alpha and TAO convert at the
subnet pool's spot price read from the node (`--netuid`), before fees and slippage: what a stake
would really get is what `btcli stake add` previews.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.options import JsonOutput, Netuid, Network, Quiet
from client.balance import RAO_PER_TAO

app = typer.Typer(no_args_is_help=True, help="Convert amounts: TAO and rao; alpha and TAO at a subnet's price.")

Rao = Annotated[Optional[str], typer.Option("--rao", help="An amount of rao (a whole number) to show in TAO.")]
Tao = Annotated[Optional[str], typer.Option("--tao", help="An amount of TAO to show in rao (and in alpha with --netuid).")]
Alpha = Annotated[Optional[str], typer.Option("--alpha", help="An amount of alpha to show in TAO at --netuid's price.")]


def _amount(value: str, flag: str) -> Decimal:
    from client.balance import Balance

    try:
        return Balance.from_tao(value).tao  # 9 decimals at most, no negatives, exact
    except ValueError as exc:
        raise typer.BadParameter(f"{flag}: {exc}") from None


def _row(from_unit: str, from_amount: Any, to_unit: str, to_amount: Any) -> dict[str, Any]:
    return {"from": {"unit": from_unit, "amount": from_amount}, "to": {"unit": to_unit, "amount": to_amount}}


def _render(console: Any, d: dict) -> None:
    def show(side: dict) -> str:
        if side["unit"] == "rao":
            return f"{side['amount']:,} rao"
        return ("τ" if side["unit"] == "TAO" else "α") + f"{side['amount']:,.9f}"

    for r in d["conversions"]:
        console.print(f"{show(r['from'])} = {show(r['to'])}")
    if d.get("netuid") is not None:
        console.print(f"(subnet {d['netuid']} at τ{d['price']:.9f}/α, spot price at block #{d['head']} on {d['network']}, "
                      "before fees and slippage)")


@app.command("convert")
def convert(rao: Rao = None, tao: Tao = None, alpha: Alpha = None, netuid: Netuid = None, network: Network = None,
            json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Convert TAO ↔ rao, and α ↔ τ at a subnet pool's spot price (read from the node with --netuid).

    Example: btcli utils convert --tao 1.5        (1.5 TAO = 1500000000 rao)
    Example: btcli utils convert --alpha 10 --netuid 1
    """
    output.configure(json_output, quiet)
    if rao is None and tao is None and alpha is None:
        raise typer.BadParameter("pass --rao, --tao or --alpha (with --netuid)")
    if alpha is not None and netuid is None:
        raise typer.BadParameter("--alpha converts at a subnet's price: pass --netuid too")
    rows = []
    if rao is not None:
        if not rao.strip().isdigit():
            raise typer.BadParameter(f"--rao is a whole number of rao, not {rao!r}")
        rows.append(_row("rao", int(rao), "TAO", float(Decimal(int(rao)) / RAO_PER_TAO)))
    if tao is not None:
        rows.append(_row("TAO", float(_amount(tao, "--tao")), "rao", int(_amount(tao, "--tao") * RAO_PER_TAO)))
    data: dict[str, Any] = {"conversions": rows}
    if netuid is not None:
        from btcli.chain import connect
        from client import subnets

        with connect(network) as rpc:
            listing = subnets.subnets(rpc)
            data.update(network=rpc.url, head=listing["head"], netuid=netuid)
        subnet = next((s for s in listing["subnets"] if s["netuid"] == netuid), None)
        if subnet is None:
            raise typer.BadParameter(f"no subnet {netuid} on {data['network']} (see `btcli subnets list`)")
        price = Decimal(str(subnet["price"]))
        data["price"] = float(price)
        if alpha is not None:
            rows.append(_row("alpha", float(_amount(alpha, "--alpha")), "TAO",
                             float((_amount(alpha, "--alpha") * price).quantize(Decimal("1e-9")))))
        if tao is not None:
            if price == 0:
                raise typer.BadParameter(f"subnet {netuid} has no price yet (an empty pool): no alpha for TAO")
            rows.append(_row("TAO", float(_amount(tao, "--tao")), "alpha",
                             float((_amount(tao, "--tao") / price).quantize(Decimal("1e-9")))))
    output.emit(data, _render)
