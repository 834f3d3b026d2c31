"""`btcli consensus`: run the Yuma epoch on a file, offline. Never touches chain state."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from btcli import output
from btcli.errors import CliError
from btcli.options import JsonOutput, Quiet

app = typer.Typer(no_args_is_help=True, help="Yuma Consensus offline: one chain epoch, or a multi-epoch simulation.")

File = Annotated[Path, typer.Argument(help="A JSON file.", exists=False)]


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise CliError(f"{path} does not exist") from None
    except json.JSONDecodeError as exc:
        raise CliError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}") from None


@app.command("epoch")
def epoch(file: File, json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Run one epoch record (params + inputs + rao_emission, the test vectors' layout) exactly as the
    chain does, in integer fixed point; print the outputs in the vectors' expected_fixed layout."""
    from consensus.records import run_record

    output.configure(json_output, quiet)
    record = _read_json(file)
    if not isinstance(record, dict) or "params" not in record:
        raise CliError(f"{file} is not an epoch record: expected 'params', 'inputs' and 'rao_emission'")
    epoch_part = record.get("epoch", record)
    missing = [k for k in ("inputs", "rao_emission") if k not in epoch_part]
    if missing:
        raise CliError(f"{file} lacks {', '.join(missing)}: see examples/consensus/test_bonds_epoch3.json")
    try:
        result = run_record(record["params"], epoch_part)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise CliError(f"{file} has malformed inputs ({type(exc).__name__}: {exc})") from None
    output.emit(result)


Version = Annotated[Optional[str], typer.Option("--version", help="YUMA1, YUMA2, YUMA3 or YUMA3_LIQUID (overrides the file).")]
Backend = Annotated[str, typer.Option("--backend", help="numpy (float64) or torch (CPU, or GPU when present).")]
Plot = Annotated[bool, typer.Option("--plot/--no-plot", help="Plot dividends and incentive per epoch in the terminal.")]


def _render_simulation(console: Any, data: dict) -> None:
    from rich.table import Table

    validators, servers = data["validators"], data["servers"]
    table = Table(title=f"{data['version']}: dividends and incentive per epoch", title_justify="left")
    table.add_column("epoch", justify="right")
    for name in validators:
        table.add_column(f"D {name}", justify="right")
    for name in servers:
        table.add_column(f"I {name}", justify="right")
    for i, ep in enumerate(data["epochs"]):
        table.add_row(str(i), *(f"{x:.4f}" for x in ep["dividends_normalized"]), *(f"{x:.4f}" for x in ep["incentive"]))
    console.print(table)
    last = data["epochs"][-1]["bonds_after"] if data["epochs"] else []
    if last:
        bonds = Table(title="bonds after the last epoch", title_justify="left")
        bonds.add_column("validator")
        for name in servers:
            bonds.add_column(name, justify="right")
        for name, row in zip(validators, last):
            bonds.add_row(name, *(f"{x:.4f}" for x in row))
        console.print(bonds)


def _plot(data: dict) -> None:
    import plotext as plt

    epochs = list(range(len(data["epochs"])))
    plt.clear_figure()
    plt.theme("clear")
    plt.subplots(1, 2)
    plt.subplot(1, 1).title("dividends")
    for v, name in enumerate(data["validators"]):
        plt.subplot(1, 1).plot(epochs, [ep["dividends_normalized"][v] for ep in data["epochs"]], label=name)
    plt.subplot(1, 2).title("incentive")
    for s, name in enumerate(data["servers"]):
        plt.subplot(1, 2).plot(epochs, [ep["incentive"][s] for ep in data["epochs"]], label=name)
    plt.plotsize(None, 20)
    plt.show()


@app.command("simulate")
def simulate(file: File, version: Version = None, backend: Backend = "numpy", plot: Plot = False,
             json_output: JsonOutput = False, quiet: Quiet = False) -> None:
    """Run a scenario (stakes, weights per epoch, Yuma version) through the float simulation and show
    dividends, incentive and bonds per epoch. Writes nothing to any chain."""
    from consensus.simulate import simulate as run

    output.configure(json_output, quiet)
    scenario = _read_json(file)
    if not isinstance(scenario, dict) or "weights" not in scenario or "stakes" not in scenario:
        raise CliError(f"{file} is not a scenario: expected 'weights' (per epoch) and 'stakes'; see examples/consensus/")
    scenario = dict(scenario, backend=backend)
    if version:
        scenario["version"] = version
    scenario.setdefault("version", "YUMA3")
    with output.status(f"Simulating {len(scenario['weights'])} epochs ({scenario['version']}, {backend})…"):
        try:
            epochs = run(scenario)
        except ImportError:
            raise CliError("the torch backend needs torch: pip install 'taonet[torch]'") from None
    n_val = len(scenario["weights"][0]) if scenario["weights"] else 0
    n_srv = len(scenario["weights"][0][0]) if n_val else 0
    data = {
        "version": scenario["version"],
        "validators": scenario.get("validators") or [f"v{i}" for i in range(n_val)],
        "servers": scenario.get("servers") or [f"s{j}" for j in range(n_srv)],
        "epochs": epochs,
    }
    output.emit(data, _render_simulation)
    if plot and not json_output and not quiet:
        _plot(data)
