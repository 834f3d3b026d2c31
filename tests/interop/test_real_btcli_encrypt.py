"""`btcli wallet encrypt | decrypt` both ways with the real btcli 9.23.2: a message the real one
encrypts to an ED25519 address taonet decrypts with the wallet's key, and the other way round (the
same sealed box, hex); sr25519 keys and bad ciphertexts are one-line errors."""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.cli.helpers import json_of
from tests.interop.conftest import real_venv

pytestmark = [pytest.mark.interop, pytest.mark.slow]
MESSAGE = "héllo from the other btcli ✓"


@pytest.fixture(scope="module")
def real_btcli():
    return real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2").parent / "btcli"


@pytest.fixture
def wallets(btcli, tmp_path):
    made = json_of(btcli("wallet", "create", "-p", str(tmp_path), "--name", "ed", "-H", "hk", "--uri", "//Edward",
                         "--coldkey-crypto-type", "ed25519", "--hotkey-crypto-type", "ed25519", "--no-use-password",
                         "--json-output"))
    json_of(btcli("wallet", "create", "-p", str(tmp_path), "--name", "sr", "--uri", "//Ferdie", "--no-use-password",
                  "--json-output"))
    cold, hot = made["keys"]
    return {"path": str(tmp_path), "cold": cold["ss58_address"], "hot": hot["ss58_address"]}


def run_real(real_btcli, home, *args: str) -> dict:
    done = subprocess.run([str(real_btcli), *args, "--json-output"], env={**os.environ, "HOME": str(home), "COLUMNS": "4000"},
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout)


def test_the_real_btcli_encrypts_and_taonet_decrypts(btcli, real_btcli, wallets, isolated_home):
    for key, flag in (("cold", "--no-use-hotkey"), ("hot", "--use-hotkey")):
        sealed = run_real(real_btcli, isolated_home, "wallet", "encrypt", "--to", wallets[key], "--message", MESSAGE)
        assert sealed["success"] is True and sealed["data"]["recipient"] == wallets[key]
        opened = json_of(btcli("wallet", "decrypt", "-p", wallets["path"], "--name", "ed", "-H", "hk", flag,
                               "--ciphertext", sealed["data"]["ciphertext_hex"], "--json-output"))
        assert opened == {"success": True, "data": {"recipient": wallets[key], "plaintext": MESSAGE,
                                                    "plaintext_hex": MESSAGE.encode().hex()}}


def test_taonet_encrypts_and_the_real_btcli_decrypts(btcli, real_btcli, wallets, isolated_home):
    sealed = json_of(btcli("wallet", "encrypt", "-t", wallets["cold"], "-m", MESSAGE, "--json-output"))
    assert sealed["data"]["recipient"] == wallets["cold"]
    assert len(bytes.fromhex(sealed["data"]["ciphertext_hex"])) == len(MESSAGE.encode()) + 48
    opened = run_real(real_btcli, isolated_home, "wallet", "decrypt", "--wallet-path", wallets["path"],
                      "--wallet-name", "ed", "--no-use-hotkey", "--ciphertext", "0x" + sealed["data"]["ciphertext_hex"])
    assert opened["data"]["plaintext"] == MESSAGE and opened["data"]["recipient"] == wallets["cold"]


def test_errors_are_one_line(btcli, wallets):
    sealed = json_of(btcli("wallet", "encrypt", "--to", wallets["cold"], "--message", "x", "--json-output"))
    to_bob = json_of(btcli("wallet", "encrypt", "--to", "5GoNkf6WdbxCFnPdAnYYQyCjAKPJgLNxXwPjwTh6DGg6gN3E",
                           "--message", "x", "--json-output"))  # //Bob's ed25519 key
    for args, says in (
        (["--name", "sr", "--no-use-hotkey", "--ciphertext", sealed["data"]["ciphertext_hex"]], "requires an ED25519"),
        (["--name", "ed", "--no-use-hotkey", "--ciphertext", "zz"], "Invalid ciphertext hex"),
        (["--name", "ed", "--no-use-hotkey", "--ciphertext", to_bob["data"]["ciphertext_hex"]], "Decryption failed"),
    ):
        done = btcli("wallet", "decrypt", "-p", wallets["path"], *args, "--json-output")
        error = json_of(done, 1)["error"]
        assert says in error and "\n" not in error and "Traceback" not in done.stderr
    bad = btcli("wallet", "encrypt", "--to", "not-an-address", "--message", "x", "--json-output")
    assert "Invalid recipient SS58 address" in json_of(bad, 1)["error"]
