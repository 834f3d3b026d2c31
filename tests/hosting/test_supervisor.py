"""The supervisor with real subprocesses: restarts with backoff, crash loops, kill -9, clean and
forced stops, the persisted table and a restart of the supervisor (what a node restart does)."""
from __future__ import annotations

import json
import os
import signal
import sys
import time

import pytest

from node.hosting.table import ProcessSpec, SpecError, spec_from_request
from tests.hosting.conftest import pid_running, wait_for


def spec(name: str, argv: list[str]) -> ProcessSpec:
    """A spec the test supervisor runs as `argv` (a script path, carried in a validated option)."""
    return ProcessSpec(name=name, role="miner", options={"script": argv[-1]})


def status(sup, name: str) -> dict:
    return sup.status(name)


def test_start_is_idempotent_and_lists_the_process(supervisor, script):
    sup = supervisor()
    first = sup.start(spec("a", script("serve")))
    assert first["state"] == "running" and first["already_running"] is False and first["pid"]
    again = sup.start(spec("a", script("serve")))
    assert again["already_running"] is True and again["pid"] == first["pid"]
    with pytest.raises(SpecError, match="different process"):
        sup.start(spec("a", script("stubborn")))
    listed = sup.list()
    assert [p["name"] for p in listed] == ["a"] and listed[0]["uptime_s"] >= 0 and listed[0]["restarts"] == 0


def test_kill9_is_restarted_and_counted(supervisor, script):
    sup = supervisor()
    pid = sup.start(spec("a", script("serve")))["pid"]
    wait_for(lambda: "serving" in sup.logs("a", 5)["lines"], what="the first run")
    os.kill(pid, signal.SIGKILL)
    restarted = wait_for(lambda: (s := status(sup, "a"))["state"] == "running" and s["pid"] != pid and s, what="restart")
    assert restarted["restarts"] == 1 and restarted["last_exit_code"] == -signal.SIGKILL
    assert not pid_running(pid)
    log = wait_for(lambda: (lines := sup.logs("a", 50)["lines"]).count("serving") == 2 and lines, what="the second run")
    assert any("restarting in" in line for line in log)


def test_a_crash_loop_is_reported_and_not_retried(supervisor, script):
    sup = supervisor()
    sup.start(spec("c", script("crash")))
    looped = wait_for(lambda: (s := status(sup, "c"))["state"] == "crashloop" and s, what="crash loop")
    assert looped["restarts"] == 3 and looped["last_exit_code"] == 3 and looped["pid"] is None
    time.sleep(0.5)
    assert status(sup, "c")["restarts"] == 3, "a crash loop must not be retried"
    assert any("crash loop" in line for line in sup.logs("c", 5)["lines"])
    # starting it again clears the loop and tries afresh
    again = sup.start(spec("c", script("crash")))
    assert again["already_running"] is False and again["restarts"] == 0


def test_backoff_grows(supervisor, script):
    sup = supervisor(backoff_base=0.2, backoff_max=10.0, crashloop_restarts=10)
    sup.start(spec("c", script("crash")))
    delays = []
    for _ in range(3):
        wait_for(lambda: status(sup, "c")["state"] == "backoff", what="backoff")
        delays.append(status(sup, "c")["restart_in_s"])
        wait_for(lambda: status(sup, "c")["state"] != "backoff", what="the next start")
    assert delays[0] <= 0.2 + 1e-6 and delays[1] > 0.2 and delays[2] > 0.4


def test_stop_is_clean_then_forced(supervisor, script):
    sup = supervisor(stop_timeout=0.5)
    pid = sup.start(spec("a", script("serve")))["pid"]
    wait_for(lambda: "serving" in sup.logs("a", 5)["lines"], what="the SIGTERM handler")  # installed before this line
    stopped = sup.stop("a")
    assert stopped["state"] == "stopped" and stopped["killed"] is False and stopped["last_exit_code"] == 0
    assert not pid_running(pid)
    pid = sup.start(spec("b", script("stubborn")))["pid"]
    wait_for(lambda: "ignoring SIGTERM" in sup.logs("b", 5)["lines"], what="the handler")
    forced = sup.stop("b", remove=True)
    assert forced["killed"] is True and not pid_running(pid)
    assert [p["name"] for p in sup.list()] == ["a"] and sup.table.get("b") is None


def test_the_table_survives_and_a_new_supervisor_resumes(supervisor, script, tmp_path):
    sup = supervisor()
    pid = sup.start(spec("a", script("serve")))["pid"]
    sup.start(spec("s", script("serve")))
    sup.stop("s")
    table = json.loads((tmp_path / "data" / "processes.json").read_text())
    assert {p["name"]: p["desired"] for p in table["processes"]} == {"a": "running", "s": "stopped"}
    # a "killed node": the old supervisor's process is still running; the new one ends it and starts afresh
    fresh = supervisor()
    assert fresh.resume() == ["a"]
    assert not pid_running(pid)
    now = status(fresh, "a")
    assert now["state"] == "running" and now["pid"] != pid
    assert status(fresh, "s")["state"] == "stopped"
    fresh.shutdown()
    assert not pid_running(now["pid"])
    assert json.loads((tmp_path / "data" / "processes.json").read_text())["processes"][0]["desired"] == "running"


def test_logs_follow_by_offset(supervisor, script):
    sup = supervisor()
    sup.start(spec("a", script("serve")))
    first = wait_for(lambda: (r := sup.logs("a", 10))["lines"] and "serving" in r["lines"] and r, what="log")
    assert first["offset"] > 0
    assert sup.logs("a", 10, since=first["offset"])["lines"] == []
    assert "serving" in sup.logs("a", 10, since=0)["lines"]


def test_specs_from_rpc_are_checked():
    good = spec_from_request({"role": "validator", "netuid": 2, "wallet_name": "w", "hotkey": "h", "options": {"bad": "true"}})
    assert good.name == "validator-2-w-h" and good.options == {"bad": "true"}
    argv = good.command("python", "http://127.0.0.1:9944", __import__("pathlib").Path("/tmp/x"))
    assert argv[:4] == ["python", "-m", "subnets.run", "validator"] and "bad=true" in argv
    for bad in ({"role": "miner", "netuid": 1, "argv": ["sh"]}, {"role": "shell", "netuid": 1},
                {"role": "miner", "netuid": -1}, {"role": "miner", "netuid": 1, "name": "../x"},
                {"role": "miner", "netuid": 1, "options": {"a b": "c"}}, {"role": "miner", "netuid": 1, "port": 70000},
                "miner"):
        with pytest.raises(SpecError):
            spec_from_request(bad)


def test_admin_token_file(tmp_path):
    from node.hosting.token import ensure_token, read_token, token_matches, token_path

    token = ensure_token(tmp_path)
    assert len(token) == 64 and read_token(tmp_path) == token and ensure_token(tmp_path) == token
    assert token_path(tmp_path).stat().st_mode & 0o777 == 0o600
    assert token_matches(token, token) and not token_matches(token, token[:-1] + "0" if token[-1] != "0" else "1")
    assert not token_matches(token, None) and not token_matches(token, 12) and not token_matches("", "")


def test_a_table_on_disk_never_supplies_a_command_line(tmp_path):
    """processes.json is a file: an `argv` in it (or any unknown field) must never become a command."""
    from node.hosting.supervisor import Supervisor

    data = tmp_path / "data"
    data.mkdir()
    marker = tmp_path / "pwned"
    evil = [sys.executable, "-c", f"open({str(marker)!r}, 'w').write('x')"]
    entry = {"name": "evil", "role": "miner", "netuid": 1, "desired": "running", "argv": evil}
    plain = {"name": "plain", "role": "miner", "netuid": 1, "desired": "stopped", "argv": None, "pid": None}
    (data / "processes.json").write_text(json.dumps({"version": 1, "processes": [entry, plain]}))
    sup = Supervisor(data, "http://127.0.0.1:1", poll_interval=0.02, stop_timeout=2.0)
    try:
        assert sup.resume() == []
        time.sleep(0.5)
        assert not marker.exists()
        assert [p["name"] for p in sup.list()] == ["plain"]  # an old table's `"argv": null` still loads
    finally:
        sup.shutdown()
