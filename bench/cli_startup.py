"""Whole-process start-up time of btcli commands: medians over repeated runs.

Usage: python bench/cli_startup.py [--runs 20] [--real PATH-TO-REAL-BTCLI]
Targets on the 2-core dev machine: `btcli --help` and `btcli wallet list` <= 0.15 s,
`btcli wallet create --no-use-password` <= 0.25 s (the real btcli 9.23 takes 0.59 s and 0.57 s).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TARGETS = {"btcli --help": 0.15, "btcli wallet list": 0.15, "btcli wallet create --no-use-password": 0.25}


def _btcli() -> list[str]:
    beside = os.path.join(os.path.dirname(sys.executable), "btcli")
    exe = beside if os.path.exists(beside) else shutil.which("btcli")
    return [exe] if exe else [sys.executable, "-m", "btcli"]


def measure(args: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(_btcli() + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--real", help="the real btcli's executable, timed on the same commands for the ratio")
    opts = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="taonet-bench-")
    # as installed: compiled modules are reused (pip compiles them at install). With PYTHONDONTWRITEBYTECODE
    # set, an editable install would compile taonet's modules on every run; they go to a cache of our own.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(TAONET_CONFIG=os.path.join(tmp, "config.json"), HOME=tmp, PYTHONPYCACHEPREFIX=os.path.join(tmp, "pycache"))
    wallets = os.path.join(tmp, "wallets")
    subprocess.run(_btcli() + ["wallet", "create", "-p", wallets, "--no-use-password", "--quiet"], env=env, check=True)
    for warm in (["--help"], ["wallet", "list", "-p", wallets]):  # fills the cache of compiled modules
        subprocess.run(_btcli() + warm, env=env, stdout=subprocess.DEVNULL, check=True)
    results = {
        "btcli --help": measure(["--help"], opts.runs, env),
        "btcli wallet list": measure(["wallet", "list", "-p", wallets], opts.runs, env),
        "btcli wallet create --no-use-password": measure_create(opts.runs, env, wallets),
    }
    # the floor on this machine: the interpreter alone, and the libraries every Typer + Rich command loads
    floor = {
        "python -c pass": _median([sys.executable, "-c", "pass"], opts.runs, env),
        "python -c 'import typer, rich.console'": _median([sys.executable, "-c", "import typer, rich.console"], opts.runs, env),
    }
    real = {}
    if opts.real:
        real_env = dict(env, HOME=tmp)
        real = {
            "btcli --help": _median([opts.real, "--help"], opts.runs, real_env),
            "btcli wallet list": _median([opts.real, "wallet", "list", "--wallet-path", wallets], opts.runs, real_env),
        }
    shutil.rmtree(tmp, ignore_errors=True)
    for name, value in floor.items():
        print(f"{name:45} {value:7.3f}s  (floor)")
    for name, value in real.items():
        print(f"real {name:40} {value:7.3f}s  (taonet: {results[name] / value:.2f} of it)")
    print(f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"{'command':45} {'median':>8} {'target':>8}")
    ok = True
    for name, value in results.items():
        flag = "ok" if value <= TARGETS[name] else "SLOW"
        ok &= value <= TARGETS[name]
        print(f"{name:45} {value:7.3f}s {TARGETS[name]:7.2f}s  {flag}")
    return 0 if ok else 1


def _median(argv: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_create(runs: int, env: dict[str, str], wallets: str) -> float:
    times = []
    for i in range(runs):
        args = ["wallet", "create", "-p", wallets, "--name", f"bench{i}", "--no-use-password", "--quiet"]
        start = time.perf_counter()
        subprocess.run(_btcli() + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
