"""Password prompts as a person meets them, in a real terminal (tmux)."""
from __future__ import annotations

import json
import os
import shlex

import pytest

from tests.conftest import btcli_exe
from tests.terminal.tmux import Tmux

pytestmark = pytest.mark.slow


@pytest.fixture
def term():
    t = Tmux()
    yield t
    t.close()


def _env(home) -> dict[str, str]:
    return {"HOME": str(home), "TAONET_CONFIG": str(home / "config.json"), "PATH": os.environ["PATH"]}


def test_create_asks_twice_refuses_weak_and_encrypts(term, tmp_path, isolated_home):
    cmd = " ".join(map(shlex.quote, btcli_exe() + ["wallet", "create", "-p", str(tmp_path), "--name", "tty"]))
    term.start(cmd, _env(isolated_home))
    term.wait_for("Enter a password")
    term.type("weak")
    term.wait_for("too weak")
    term.type("Test-Passw0rd!")
    term.wait_for("Retype")
    term.type("Test-Passw0rd!")
    screen = term.wait_for("Mnemonic of the coldkey", timeout=60)
    assert "Test-Passw0rd!" not in screen  # the password is never echoed
    assert term.exit_code() == 0
    assert (tmp_path / "tty" / "coldkey").read_bytes().startswith(b"$NACL")


def test_sign_prompts_for_the_password_and_rejects_a_wrong_one(term, tmp_path, isolated_home):
    from wallet.keypair import Keypair
    from wallet.wallet import Wallet

    Wallet("tty", "default", str(tmp_path)).write_coldkey(Keypair.from_uri("//Alice"), "Test-Passw0rd!")
    cmd = " ".join(map(shlex.quote, btcli_exe() + ["wallet", "sign", "-p", str(tmp_path), "--name", "tty", "-m", "hi"]))
    term.start(cmd, _env(isolated_home))
    term.wait_for("Enter the password")
    term.type("Wrong-Passw0rd!")
    screen = term.wait_for("__EXIT_", timeout=60)
    assert "Error: Wrong password" in screen and "Traceback" not in screen
    assert term.exit_code() == 1
