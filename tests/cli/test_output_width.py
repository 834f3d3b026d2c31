"""Tables at 80 columns and piped: keys and amounts are never cut to an ellipsis; a narrow terminal
gets fewer columns (and says which), and piped output is as wide as its content."""
from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios

import pytest
from rich.console import Console

from btcli import output
from tests.conftest import btcli_exe

ADDRESS = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _console(width: int) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=width, highlight=False, soft_wrap=False, color_system=None), buffer


def test_kept_columns_are_never_cut_and_optional_ones_give_way():
    console, buffer = _console(80)
    rows = [["coldkey", "alice-the-long-named", ADDRESS, "yes", "/home/someone/.bittensor/wallets/alice/coldkey"]]
    output.table(console, "Wallet", ["key", "name", "ss58 address", "encrypted", "file"], rows,
                 keep=["ss58 address"], optional=["file", "encrypted"])
    text = buffer.getvalue()
    assert ADDRESS in text and "…" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "file" in text[text.index("Not shown at 80 columns"):]  # the caption names what was left out


def test_nothing_is_cut_even_when_nothing_can_be_left_out():
    console, buffer = _console(30)
    output.table(console, "Keys", ["ss58 address"], [[ADDRESS]], keep=["ss58 address"])
    text = buffer.getvalue()
    assert "…" not in text and all(len(line) <= 30 for line in text.splitlines())
    assert ADDRESS in "".join(re.sub(r"[│┃]", "", line).strip() for line in text.splitlines())  # folded, whole


def test_keys_and_amounts_stay_whole_in_columns_no_caller_marked():
    """A renderer that marks nothing (wallet overview's neurons, proxies, prices, swap-check …): the
    wrapping columns give way at spaces, never inside an address, a hash or an amount."""
    hash_ = "0x" + "ab12" * 16
    console, buffer = _console(80)
    output.table(console, "Neurons", ["hotkey", "netuid", "uid", "stake", "emission/epoch", "earned/day", "rank", "note"],
                 [["miner-hotkey-long", 2, 17, "α12,345.6789", "α4.1234", "α1,476.1234 (recycled)", "3/64",
                   "a free text note that can wrap anywhere"]])
    text = buffer.getvalue()
    assert all(len(line) <= 80 for line in text.splitlines()), text
    for amount in ("α12,345.6789", "α4.1234", "α1,476.1234"):
        assert amount in text, text
    console, buffer = _console(140)
    output.table(console, "Announcements", ["coldkey", "new coldkey hash", "status", "note"],
                 [[ADDRESS, hash_, "pending", "a note that is long enough to be wrapped across lines"]])
    text = buffer.getvalue()
    assert ADDRESS in text and hash_ in text and all(len(line) <= 140 for line in text.splitlines()), text


def test_a_wide_terminal_shows_every_column():
    console, buffer = _console(200)
    output.table(console, "Wallet", ["key", "ss58 address", "file"], [["coldkey", ADDRESS, "/x/coldkey"]],
                 keep=["ss58 address"], optional=["file"])
    assert "/x/coldkey" in buffer.getvalue() and "not shown" not in buffer.getvalue()


def _created(btcli, tmp_path) -> tuple[list[str], str]:
    folder = str(tmp_path / "wallets")
    argv = ["wallet", "create", "-p", folder, "--wallet-name", "a-wallet-with-a-long-name", "--hotkey",
            "a-hotkey-with-a-long-name", "--no-use-password"]
    return argv, folder


def test_piped_output_is_not_truncated(btcli, tmp_path):
    argv, folder = _created(btcli, tmp_path)
    created = btcli(*argv, env={"COLUMNS": "80"})
    assert created.returncode == 0, created.stderr
    keys = json.loads(btcli("wallet", "list", "-p", folder, "--json-output").stdout)
    paths = [str(tmp_path / "wallets" / "a-wallet-with-a-long-name" / "coldkey")]
    text = created.stdout
    assert "…" not in text
    wallet = keys["wallets"][0]
    for address in [wallet["coldkey_ss58"]] + [h["ss58_address"] for h in wallet["hotkeys"]]:
        assert address in text
    assert paths[0] in text


def _run_in_terminal(argv: list[str], columns: int) -> str:
    """Run btcli with its stdout on a real pseudo-terminal of `columns` x 24; return what it drew."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(btcli_exe() + argv, stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=30)
    os.close(master)
    assert process.returncode == 0, process.stderr.read()
    return ANSI.sub("", b"".join(chunks).decode()).replace("\r", "")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_new_addresses_are_whole_at_80_columns(btcli, tmp_path, isolated_home):
    argv, folder = _created(btcli, tmp_path)
    text = _run_in_terminal(argv, 80)
    keys = json.loads(btcli("wallet", "list", "-p", folder, "--json-output").stdout)["wallets"][0]
    assert "…" not in text
    assert all(len(line) <= 80 for line in text.splitlines())
    for address in [keys["coldkey_ss58"]] + [h["ss58_address"] for h in keys["hotkeys"]]:
        assert address in text
    listed = _run_in_terminal(["wallet", "list", "-p", folder], 80)
    assert keys["coldkey_ss58"] in listed and keys["hotkeys"][0]["ss58_address"] in listed and "…" not in listed


def test_subnets_list_and_balances_at_80_columns():
    """The commands' renderers, given what the node returns, at 80 columns."""
    from btcli.commands import subnets, wallet_chain

    subnet = {"netuid": 3, "name": "a-subnet-name", "price": 0.123456789, "ema_price": 0.12, "tao_in": 1_234_567_891_234_567,
              "alpha_in": 9_876_543_210_987_654, "alpha_out": 1_111_222_333_444_555, "emission_share": 0.25, "tempo": 360,
              "blocks_until_next_epoch": 17, "burn": 1_000_000_000, "neurons": 12, "max_allowed_uids": 256, "started": True}
    console, buffer = _console(80)
    subnets._render_list(console, {"head": 123, "block_emission": 1_000_000_000, "subnets": [subnet]})
    text = buffer.getvalue()
    assert "…" not in text and all(len(line) <= 80 for line in text.splitlines())
    for amount in ("0.123456789", "τ1,234,567.8912", "α9,876,543.2110"):
        assert amount in text
    balances = {"balances": {"alice": {"coldkey": ADDRESS, "free": 1234.5, "staked": 10.25, "total": 1244.75}},
                "totals": {"free": 1234.5, "staked": 10.25, "total": 1244.75}, "network": "local"}
    console, buffer = _console(80)
    wallet_chain._render_balances(console, balances)
    text = buffer.getvalue()
    assert "…" not in text and ADDRESS in text and "τ1,244.750000000" in text


def test_metagraph_keys_are_whole_at_80_columns_and_piped():
    from btcli.commands import subnets

    subnet = {"netuid": 1, "name": "demo", "price": 0.5, "ema_price": 0.5, "tao_in": 10**12, "alpha_in": 10**12,
              "alpha_out": 10**12, "emission_share": 1.0, "tempo": 20, "blocks_until_next_epoch": 3, "burn": 10**9,
              "neurons": 1, "max_allowed_uids": 64, "started": True, "owner_coldkey": ADDRESS, "owner_hotkey": ADDRESS,
              "pending": {"server": 0, "validator": 0, "root": 0, "owner": 0}, "subnet_volume": 0}
    hotkey = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    neuron = {"uid": 0, "stake": 12_345 * 10**9, "alpha_stake": 12_345 * 10**9, "root_stake": 0, "dividends": 65535,
              "incentive": 0, "emission": 41 * 10**8, "daily_emission": 1_476 * 10**9, "consensus": 0,
              "validator_trust": 65535, "validator_permit": True, "blocks_since_update": 2, "active": True,
              "immune": False, "axon": {"ip": "127.0.0.1", "port": 8091}, "hotkey": hotkey, "coldkey": ADDRESS}
    data = {"head": 9, "block_emission": 10**9, "subnet": subnet, "n": 1, "neurons": [neuron]}
    for width in (80, output.NO_WIDTH_LIMIT):
        console, buffer = _console(width)
        subnets._render_show(console, data)
        text = buffer.getvalue()
        assert hotkey in text and "…" not in text
    assert ADDRESS in text.splitlines()[-2] and "127.0.0.1:8091" in text  # piped: every column


def test_stake_tables_keep_other_peoples_hotkeys_whole_at_80_columns():
    """A hotkey that is not the wallet's own is shown as its whole address (it was cut to 8 characters
    and an ellipsis), in the preview, the results and the stake list."""
    from btcli.commands import stake, stake_list

    hotkey = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    label = stake.hotkey_label(hotkey, {})
    assert label == hotkey
    item = {"netuid": 1, "hotkey_label": label, "unit_in": "τ", "unit_out": "α", "amount": 1234.5, "price": 0.012345678,
            "received": 99_999.123456789, "pool_fee": 0.5, "tx_fee": 0.000143, "price_impact": 0.0123,
            "limit_price": 0.0124, "status": "ok", "message": ""}
    result = {"netuid": 1, "hotkey_label": label, "status": "success", "unit_in": "τ", "unit_out": "α", "sent": 1234.5,
              "received": 99_999.123456789, "tx_fee": 0.000143, "partial": False, "message": ""}
    listed = {"coldkey": ADDRESS, "total_value": 1234.5,
              "stakes": [{"netuid": 1, "hotkey_label": label, "uid": 3, "alpha": 99_999.123456789, "price": 0.0123,
                          "tao_value": 1234.5}]}
    for render, data in ((stake._render, {"action": "stake add", "network": "local", "preview": [item], "results": []}),
                         (stake._render, {"action": "stake add", "network": "local", "preview": [item],
                                          "results": [result]}),
                         (stake_list._render_list, listed)):
        for width in (80, output.NO_WIDTH_LIMIT):
            console, buffer = _console(width)
            render(console, data)
            text = buffer.getvalue()
            assert "…" not in text and all(len(line) <= width for line in text.splitlines()), text
            # at 80 columns a whole address may fold onto several lines of its cell, never be cut
            def cells(line: str, bar: str) -> list[str]:
                parts = line.rstrip().split(bar)
                return parts[1:-1] if line.startswith(bar) else parts  # an edged table has a bar at each end

            names = [h.strip() for h in cells(next(line for line in text.splitlines() if "┃" in line), "┃")]
            rows = [cells(line, "│") for line in text.splitlines() if "│" in line]
            column = {name: "".join(r[i].strip() for r in rows) for i, name in enumerate(names)}
            assert column["hotkey"] == hotkey, text
            assert "99,999.123456789" in (column.get("received") or column["alpha"]), text
