"""`btcli subnets price --interval-hours / --log-scale` against a real dev node (block time 0.1 s, so
seconds give dozens of per-block samples): the real btcli's stats and JSON keys, checked against
`taonet_history`'s own samples read independently; the node's short history said honestly; the
chart drawn (log scale too); paging back through more samples than one page; --current unchanged."""
from __future__ import annotations

import time

from client import price_history
from tests.cli.helpers import json_of
from tests.node.fixtures import node_process, wait_for  # noqa: F401

REAL_STATS = {"current_price", "high", "low", "change_pct", "supply", "market_cap", "emission", "stake", "symbol", "name"}


def test_price_history_stats_json_chart_and_paging(btcli, node_process, tmp_path, monkeypatch):  # noqa: F811
    node = node_process(tmp_path / "chain", block_time=0.1)
    net = ("--network", node.url)
    w = ("-p", str(tmp_path / "wallets"), "--name", "alice")

    def run(*args, code: int = 0):
        return json_of(btcli(*args, *net, "--json-output"), code)

    json_of(btcli("wallet", "create", *w, "--uri", "//Alice", "--no-use-password", "--json-output"))
    run("subnets", "create", *w, "--subnet-name", "demo", "-y")
    run("subnets", "start", *w, "--netuid", "1", "-y")
    rpc = node.rpc()
    wait_for(lambda: len(rpc.call("taonet_history", 1)["subnet"]["number"]) >= 15, timeout=30, what="15 samples")
    run("stake", "add", *w, "-H", "default", "--netuid", "1", "--amount", "200", "--unsafe", "-y")  # the price moves
    time.sleep(1.0)

    doc = run("subnets", "price", "--netuid", "1", "--interval-hours", "0.01")  # 36 s: 360 blocks at 0.1 s
    assert set(doc) == {"1"}
    d = doc["1"]
    assert {"prices", "stats"} <= set(d) and set(d["stats"]) == REAL_STATS
    assert d["block_time"] == 0.1 and d["window_start"] == max(0, d["head"] - 360)
    # the same window read straight from the node's samples
    raw = rpc.call("taonet_history", 1, None, d["window_start"], 10_000, d["head"])["subnet"]
    prices = raw["price"]
    s = d["stats"]
    assert d["samples"] == len(prices) == len(d["prices"]) and d["blocks"] == raw["number"]
    assert d["history_start"] == raw["number"][0] > d["window_start"]  # the node is younger than the window
    assert (s["current_price"], s["high"], s["low"]) == (prices[-1], max(prices), min(prices))
    assert s["high"] >= s["current_price"] >= s["low"] and s["high"] > s["low"]  # the stake moved it
    assert abs(s["change_pct"] - (prices[-1] - prices[0]) / prices[0] * 100) < 1e-9 and s["change_pct"] > 0
    assert isinstance(s["symbol"], str) and s["name"] == "demo" and s["supply"] > 0 and s["market_cap"] > 0

    # a window shorter than the history: only its samples
    short = run("subnets", "price", "--netuid", "1", "--interval", "0.0002")["1"]  # 0.72 s → 8 blocks
    span = price_history.window_blocks(0.0002, 0.1)
    assert span in (7, 8) and short["window_start"] == short["head"] - span
    assert short["history_start"] == short["window_start"] and short["samples"] == span + 1
    assert short["blocks"] == list(range(short["window_start"], short["head"] + 1))

    # text: the real btcli's lines, the honest note, a chart (log scale too)
    text = btcli("subnets", "price", "--netuid", "1", "--interval-hours", "1", "--log-scale", *net)
    assert text.returncode == 0, text.stderr
    for needle in ("Subnet 1", "Current:", "1h High:", "1h Low:", "1h Change:", "history since block #", "log scale",
                   "●", "Latest stats:", "Market Cap:"):
        assert needle in text.stdout, (needle, text.stdout)
    linear = btcli("subnets", "price", "--log", *net)  # --log alone: 4 h, every subnet but root
    assert linear.returncode == 0 and "4h High:" in linear.stdout and "Subnet 0" not in linear.stdout

    # paging back: pages of 7 give exactly the one-read samples
    monkeypatch.setattr(price_history, "PAGE", 7)
    head = rpc.call("taonet_history", 1)["subnet"]["number"][-1]
    blocks, paged = price_history.samples(rpc, 1, 0, head)
    whole = rpc.call("taonet_history", 1, None, 0, 10_000, head)["subnet"]
    assert blocks == whole["number"] and paged == whole["price"] and len(blocks) > 20

    # --current (and no flag) keep the current prices; --html refused in one line
    assert run("subnets", "price", "--netuid", "1", "--current", "--interval-hours", "4")["prices"][0]["netuid"] == 1
    html = btcli("subnets", "price", "--netuid", "1", "--html", *net)
    assert html.returncode != 0 and "no HTML" in html.stderr and "Traceback" not in html.stderr
