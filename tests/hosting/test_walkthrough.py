"""README's "Walkthrough: host your own miner on your own subnet", run line by line as written.

Two things differ from a user's terminal, both outside the commands: HOME is a temporary folder
(so the wallets and the dev node's data dir are there), and the node listens on a free port (the
test adds `--rpc-port` to `node start` and points the config's `network` at it). Where the README
says what a command shows, the test checks it (waiting, as a user would, for the first round)."""
from __future__ import annotations

import json
import re
import shlex

import pytest

from tests.conftest import REPO
from tests.hosting.conftest import wait_for
from tests.node.fixtures import free_port

pytestmark = pytest.mark.slow
HEADING = "### Walkthrough: host your own miner on your own subnet"


def walkthrough() -> list[list[str]]:
    """The README block's commands, comments stripped."""
    text = (REPO / "README.md").read_text()
    section = text.split(HEADING, 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [argv for line in block.splitlines() if (argv := shlex.split(line, comments=True))]


def test_readme_walkthrough_hosts_a_miner_that_a_validator_reaches(btcli, isolated_home):
    port = free_port()
    (isolated_home / "config.json").write_text(json.dumps({"network": f"http://127.0.0.1:{port}"}))
    commands = walkthrough()
    assert commands[0][:3] == ["btcli", "node", "start"] and commands[-1] == ["btcli", "node", "stop"]

    def run(argv: list[str]):
        done = btcli(*argv, timeout=120)
        assert done.returncode == 0, f"{shlex.join(argv)}\n{done.stdout}{done.stderr}"
        return done

    def listed(role: str) -> dict:
        return json.loads(run([role, "list", "--json-output"]).stdout)["processes"][0]

    served = None
    try:
        for argv in commands:
            argv = argv[1:]
            if argv[:2] == ["node", "start"]:
                argv += ["--rpc-port", str(port)]
            done = run(argv)
            if argv[:2] == ["miner", "start"] and "--fund-hotkey" in argv:
                assert "cannot pay" not in done.stderr, done.stderr
            if argv[:2] == ["validator", "list"]:  # "last round 1/1 within seconds"
                wait_for(lambda: ((listed("validator")["report"] or {}).get("last_round") or {}).get("answered") == 1,
                         timeout=90, interval=0.5, what="the validator's first answered round")
                assert "1/1" in run(argv).stdout
            if argv[:2] == ["miner", "list"]:  # "its port", and nothing it lacks
                miner = wait_for(lambda: (m := listed("miner"))["report"] and m["report"].get("published") and m,
                                 timeout=60, what="the published axon")
                served = miner["report"]["axon_port"]
                assert miner["report"]["published"] == ["127.0.0.1", served]
                assert json.loads(run(argv + ["--json-output"]).stdout)["notes"] == []
            if argv[:2] == ["miner", "start"] and served is not None:  # "the same port: its axon stays valid"
                again = wait_for(lambda: (m := listed("miner"))["report"] and m["report"].get("published")
                                 and not m["report"].get("stopped") and m, timeout=60, what="the restarted miner")
                assert again["report"]["axon_port"] == served
                graph = json.loads(run(["subnets", "metagraph", "--netuid", "1", "--json-output"]).stdout)
                axons = [n["axon"] for n in graph["neurons"] if n["hotkey"] == again["report"]["hotkey"]]
                assert axons and axons[0]["port"] == served
    finally:
        btcli("node", "stop", timeout=60)
