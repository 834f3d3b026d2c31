"""`btcli wallet` as a user runs it: real subprocesses, no terminal, isolated HOME."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tests.cli.helpers import json_of
from tests.conftest import VECTORS, load_vector
from wallet import password as pw

MNEMONIC = load_vector("wallet", "mnemonics.json")["vectors"][0]
STRONG = "Test-Passw0rd!"


def _assert_one_line_error(result, *fragments):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment.lower() in lines[-1].lower(), lines[-1]


def test_create_writes_the_real_layout_and_prints_pure_json(btcli, tmp_path):
    out = json_of(btcli("wallet", "create", "-p", str(tmp_path), "--name", "w1", "-H", "hk", "--no-use-password", "--json-output"))
    cold, hot = out["keys"]
    assert (cold["role"], hot["role"], hot["name"]) == ("coldkey", "hotkey", "hk")
    assert len(cold["mnemonic"].split()) == 12
    for rel in ("w1/coldkey", "w1/coldkeypub.txt", "w1/hotkeys/hk", "w1/hotkeys/hkpub.txt"):
        assert stat.S_IMODE(os.stat(tmp_path / rel).st_mode) == 0o600
    listed = json_of(btcli("wallet", "list", "-p", str(tmp_path), "--json-output"))
    assert listed["wallets"][0]["coldkey_ss58"] == cold["ss58_address"]
    assert listed["wallets"][0]["hotkeys"] == [{"name": "hk", "ss58_address": hot["ss58_address"], "crypto_type": "sr25519"}]


def test_existing_wallet_is_refused_before_any_mnemonic_is_made(btcli, tmp_path):
    btcli("wallet", "create", "-p", str(tmp_path), "--no-use-password", "--quiet")
    before = (tmp_path / "default" / "coldkey").read_bytes()
    result = btcli("wallet", "create", "-p", str(tmp_path), "--no-use-password")
    _assert_one_line_error(result, "already exists", "--overwrite")
    assert "mnemonic" not in result.stdout.lower()
    assert (tmp_path / "default" / "coldkey").read_bytes() == before
    again = btcli("wallet", "new-hotkey", "-p", str(tmp_path), "--json-output")
    assert again.returncode == 1 and json.loads(again.stdout)["success"] is False


@pytest.mark.parametrize("args, fragment", [
    (["--n-words", "13"], "12, 15, 18, 21, 24"),
])
def test_bad_word_count_for_new_keys(btcli, tmp_path, args, fragment):
    _assert_one_line_error(btcli("wallet", "create", "-p", str(tmp_path), "--no-use-password", *args), fragment)


@pytest.mark.parametrize("mnemonic, fragment", [
    (" ".join(MNEMONIC["mnemonic"].split()[:11]), "this one has 11"),
    (" ".join(MNEMONIC["mnemonic"].split()[:11] + ["abandon"]), "checksum"),
    (MNEMONIC["mnemonic"].replace("canvas", "canvass"), "Word 2"),
])
def test_bad_mnemonics_are_one_line_errors(btcli, tmp_path, mnemonic, fragment):
    result = btcli("wallet", "regen-coldkey", "-p", str(tmp_path), "--mnemonic", mnemonic, "--no-use-password")
    _assert_one_line_error(result, fragment)
    assert not (tmp_path / "default").exists()


def test_regen_from_mnemonic_seed_and_public_key(btcli, tmp_path):
    made = json_of(btcli("wallet", "regen-coldkey", "-p", str(tmp_path), "--name", "m", "--mnemonic", MNEMONIC["mnemonic"],
                       "--no-use-password", "--json-output"))
    assert made["keys"][0]["ss58_address"] == MNEMONIC["ss58_address"]
    assert made["keys"][0]["mnemonic"] is None  # not generated: nothing to show
    seeded = json_of(btcli("wallet", "regen-hotkey", "-p", str(tmp_path), "--name", "m", "-H", "s",
                         "--seed", MNEMONIC["secretSeed"], "--json-output"))
    assert seeded["keys"][0]["ss58_address"] == MNEMONIC["ss58_address"]
    pub = json_of(btcli("wallet", "regen-coldkeypub", "-p", str(tmp_path), "--name", "watch", "--ss58", MNEMONIC["ss58_address"], "--json-output"))
    assert pub["keys"][0]["ss58_address"] == MNEMONIC["ss58_address"]
    hexpub = json_of(btcli("wallet", "regen-hotkeypub", "-p", str(tmp_path), "--name", "watch", "-H", "x",
                         "--public-key-hex", MNEMONIC["public_key_hex"], "--json-output"))
    assert hexpub["keys"][0]["ss58_address"] == MNEMONIC["ss58_address"]


def test_regen_from_polkadot_json_backup(btcli, tmp_path):
    from wallet import json_backup
    from wallet.keypair import Keypair

    backup = tmp_path / "backup.json"
    backup.write_text(json_backup.dump(Keypair.from_uri("//Bob"), "pw", n=1 << 10))
    out = json_of(btcli("wallet", "regen-coldkey", "-p", str(tmp_path), "--json", str(backup), "--json-password", "pw",
                      "--no-use-password", "--json-output"))
    assert out["keys"][0]["ss58_address"] == Keypair.from_uri("//Bob").ss58_address


def test_uri_keys_and_sign_verify_round_trip(btcli, tmp_path):
    json_of(btcli("wallet", "create", "-p", str(tmp_path), "--uri", "//Alice", "--no-use-password", "--json-output"))
    signed = json_of(btcli("wallet", "sign", "-p", str(tmp_path), "-m", "hello taonet", "--json-output"))
    assert signed["signer"] == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    ok = json_of(btcli("wallet", "verify", "-m", "hello taonet", "-s", signed["signature"], "-a", signed["signer"], "--json-output"))
    assert ok["valid"] is True
    bad = btcli("wallet", "verify", "-m", "hello taonet!", "-s", signed["signature"], "-a", signed["signer"], "--json-output")
    assert bad.returncode == 1 and json.loads(bad.stdout)["valid"] is False
    hot = json_of(btcli("wallet", "sign", "-p", str(tmp_path), "--use-hotkey", "-m", "x", "--json-output"))
    assert hot["signer"] == signed["signer"]  # --uri made both keys from //Alice


def test_no_terminal_for_a_password_fails_fast(btcli, tmp_path):
    result = btcli("wallet", "create", "-p", str(tmp_path), timeout=20)
    _assert_one_line_error(result, "no terminal", "BT_PW_")
    assert not (tmp_path / "default" / "coldkey").exists()


@pytest.mark.slow
def test_encrypted_coldkey_via_bt_pw_variable_and_wrong_password(btcli, tmp_path):
    keyfile = str(tmp_path / "enc" / "coldkey")
    env = {pw.env_var_name(keyfile): pw.encode_env_value(keyfile, STRONG)}
    made = json_of(btcli("wallet", "create", "-p", str(tmp_path), "--name", "enc", "--json-output", env=env))
    assert made["keys"][0]["encrypted"] is True
    assert (tmp_path / "enc" / "coldkey").read_bytes().startswith(b"$NACL")
    signed = json_of(btcli("wallet", "sign", "-p", str(tmp_path), "--name", "enc", "-m", "m", "--json-output", env=env))
    assert signed["signer"] == made["keys"][0]["ss58_address"]
    wrong = {pw.env_var_name(keyfile): pw.encode_env_value(keyfile, "Wrong-Passw0rd!")}
    _assert_one_line_error(btcli("wallet", "sign", "-p", str(tmp_path), "--name", "enc", "-m", "m", env=wrong), "wrong password")


def test_weak_password_from_environment_is_refused(btcli, tmp_path):
    keyfile = str(tmp_path / "weak" / "coldkey")
    env = {pw.env_var_name(keyfile): pw.encode_env_value(keyfile, "abc")}
    _assert_one_line_error(btcli("wallet", "create", "-p", str(tmp_path), "--name", "weak", env=env), "too weak")
    assert not (tmp_path / "weak" / "coldkey").exists()


@pytest.mark.slow
def test_keyring_holds_the_password_for_later_commands(btcli, tmp_path, isolated_home):
    keyfile = str(tmp_path / "kr" / "coldkey")
    env = {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}
    create_env = dict(env, **{pw.env_var_name(keyfile): pw.encode_env_value(keyfile, STRONG)})
    made = json_of(btcli("wallet", "create", "-p", str(tmp_path), "--name", "kr", "--use-keyring", "--json-output", env=create_env))
    assert made["keys"][0]["keyring_note"] == "password stored in the OS keyring"
    signed = json_of(btcli("wallet", "sign", "-p", str(tmp_path), "--name", "kr", "-m", "m", "--use-keyring", "--json-output", env=env))
    assert signed["signer"] == made["keys"][0]["ss58_address"]


def test_headless_keyring_says_so_and_carries_on(btcli, tmp_path):
    keyfile = str(tmp_path / "hl" / "coldkey")
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           pw.env_var_name(keyfile): pw.encode_env_value(keyfile, STRONG)}
    result = btcli("wallet", "new-coldkey", "-p", str(tmp_path), "--name", "hl", "--use-keyring", "--json-output", env=env)
    made = json_of(result)
    assert "no usable OS keyring backend" in made["keys"][0]["keyring_note"]
    assert made["keys"][0]["encrypted"] is True


def test_corrupt_key_file_is_a_one_line_error(btcli, tmp_path):
    btcli("wallet", "create", "-p", str(tmp_path), "--no-use-password", "--quiet")
    (tmp_path / "default" / "coldkey").write_bytes(b"\x00garbage")
    _assert_one_line_error(btcli("wallet", "sign", "-p", str(tmp_path), "-m", "x"), "corrupt")


def test_real_wallet_directory_is_listed_unchanged(btcli, tmp_path):
    import shutil

    shutil.copytree(VECTORS / "wallet" / "keyfiles" / "wallet_tw_plain", tmp_path / "tw_plain")
    listed = json_of(btcli("wallet", "list", "-p", str(tmp_path), "--json-output"))
    expected = json.loads((VECTORS / "wallet" / "keyfiles" / "wallet_tw_plain" / "coldkeypub.txt").read_text())
    assert listed["wallets"][0]["coldkey_ss58"] == expected["ss58Address"]


def test_secrets_never_reach_a_readable_file(btcli, tmp_path, isolated_home):
    result = btcli("wallet", "regen-coldkey", "-p", str(tmp_path), "--mnemonic", MNEMONIC["mnemonic"], "--no-use-password")
    assert result.returncode == 0
    needle = MNEMONIC["mnemonic"].encode()
    for root in (isolated_home, tmp_path):
        for path in Path(root).rglob("*"):
            if path.is_file() and needle in path.read_bytes():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
                assert path.name == "coldkey", path
