"""`--json-output` prints `{"success": false, "error": …}` for every failure: usage errors (exit 2),
bad values found by a command, bad values read from the config file, and errors of the libraries."""
from __future__ import annotations

import json

import pytest

from tests.cli.helpers import json_of

WALLETS = "{wallets}"

FAILING = [
    (["wallet", "list", "--bogus"], 2, "No such option"),
    (["wallet", "bogus"], 2, "No such command"),
    (["bogus"], 2, "No such command"),
    (["--json-output", "wallet", "list"], 2, "No such option"),
    (["consensus", "epoch"], 2, "Missing argument"),
    (["subnets", "show", "--netuid", "abc"], 2, "not a valid int"),
    (["stake", "add"], 2, "--netuid"),
    (["stake", "add", "--netuid", "1", "--amount", "0", "-p", WALLETS, "-y"], 2, "more than 0"),
    (["weights", "set", "--netuid", "1", "--uids", "1,2", "--weights", "0.5", "-p", WALLETS, "-y"], 2, "2 uids, 1 weights"),
    (["wallet", "sign", "-p", WALLETS], 2, "--message"),
    (["wallet", "balance", "-p", WALLETS + "/nothing-here"], 1, "not found"),
    # commands added since (issue 17): their own refusals of a command line, before any node is asked
    (["proxy", "add", "-p", WALLETS, "-y"], 2, "--delegate is required"),
    (["proxy", "kill", "-p", WALLETS, "-y"], 2, "--proxy is required"),
    (["wallet", "swap-coldkey", "-p", WALLETS, "-y"], 2, "announce, execute"),
    (["sudo", "trim", "-p", WALLETS, "-y"], 2, "--max"),
    (["subnets", "price", "--interval-hours", "0"], 2, "--interval-hours"),
    (["subnets", "price", "--netuid", "1", "--html"], 2, "--html"),
    (["stake", "wizard", "--bogus"], 2, "No such option"),
    (["stake", "move", "--amount", "1", "-p", WALLETS, "-y"], 2, "--from"),
    (["wallet", "encrypt", "--bogus"], 2, "No such option"),
    (["utils", "convert", "--tao", "abc"], 2, "not an amount"),
]


@pytest.fixture
def wallets(btcli, tmp_path):
    folder = str(tmp_path / "wallets")
    created = btcli("wallet", "create", "-p", folder, "--no-use-password", "--json-output")
    assert created.returncode == 0, created.stderr
    return folder


def _error_of(result, code: int) -> str:
    """The error of a failed `--json-output` run: its exit code, pure JSON on stdout, no traceback."""
    data = json_of(result, code)
    assert data["success"] is False and isinstance(data["error"], str) and data["error"], data
    assert "\n" not in data["error"]
    return data["error"]


@pytest.mark.parametrize("argv, code, words", FAILING, ids=[" ".join(a[:3]) for a, _, _ in FAILING])
def test_every_failure_prints_json(btcli, wallets, argv, code, words):
    argv = [a.replace(WALLETS, wallets) for a in argv]
    flag = [] if "--json-output" in argv else ["--json-output"]
    error = _error_of(btcli(*argv, *flag), code)
    assert words in error


def test_a_bad_value_in_the_config_file_is_a_json_error_naming_the_file(btcli, wallets, isolated_home):
    (isolated_home / "config.json").write_text(json.dumps({"rate_tolerance": 5}))
    result = btcli("stake", "add", "--netuid", "1", "--amount", "1", "-p", wallets, "-y", "--json-output")
    error = _error_of(result, 1)
    assert "rate_tolerance" in error and str(isolated_home / "config.json") in error and "btcli config set" in error
    (isolated_home / "config.json").write_text(json.dumps({"rate_tolerance": "abc"}))
    error = _error_of(btcli("stake", "add", "--netuid", "1", "--amount", "1", "-p", wallets, "-y", "--json-output"), 1)
    assert "rate_tolerance" in error and "abc" in error


def test_config_set_refuses_an_out_of_range_value(btcli, isolated_home):
    error = _error_of(btcli("config", "set", "rate_tolerance", "5", "--json-output"), 1)
    assert "rate_tolerance" in error and not (isolated_home / "config.json").exists()


def test_people_still_get_the_usage_and_no_json(btcli):
    result = btcli("wallet", "list", "--bogus")
    assert result.returncode == 2 and result.stdout == ""
    assert "No such option: --bogus" in result.stderr and "btcli wallet list -h" in result.stderr


@pytest.mark.parametrize("exc, words", [
    (OSError(28, "No space left on device", "/data/chain.db"), "disk full (/data/chain.db)"),
    (IsADirectoryError(21, "Is a directory", "/tmp/x"), "Is a directory (/tmp/x)"),
    (ConnectionRefusedError(111, "Connection refused"), "the connection failed (Connection refused)"),
    (__import__("sqlite3").DatabaseError("file is not a database"), "the chain database refused"),
])
def test_known_causes_are_named_not_reported_as_unexpected(exc, words):
    """Failures whose cause is known say it, and what to do, instead of 'unexpected … report it'."""
    from btcli import errors

    message = errors._known_message(exc)
    assert message is not None and words in message and "report it" not in message, message


def test_sqlite_full_is_said_as_a_full_disk(tmp_path):
    """SQLite's own SQLITE_FULL (max_page_count gives the error a full disk gives) is 'disk full'."""
    import sqlite3

    from btcli import errors

    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("PRAGMA max_page_count = 2")
    with pytest.raises(sqlite3.OperationalError) as full:
        for name in "abc":
            conn.execute(f"CREATE TABLE {name} (x)")
    conn.close()
    assert errors._known_message(full.value) == "disk full: free some space and run the command again"
