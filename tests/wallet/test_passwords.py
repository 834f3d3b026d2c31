"""Password sources: the real BT_PW_ variable, a real keyring backend, strength checks, no-terminal."""
from __future__ import annotations

import pytest

from tests.conftest import load_vector
from wallet import password as pw
from wallet.errors import PasswordError

MANIFEST = load_vector("wallet", "keyfiles.json")


def test_env_var_name_and_value_match_the_real_wallet(monkeypatch):
    example = MANIFEST["env_password_example"]
    assert pw.env_var_name(example["keyfile_path"]) == example["env_var_name"]
    assert pw.encode_env_value(example["keyfile_path"], MANIFEST["password_for_all_encrypted"]) == example["env_var_value"]
    monkeypatch.setenv(example["env_var_name"], example["env_var_value"])
    assert pw.password_from_env(example["keyfile_path"]) == MANIFEST["password_for_all_encrypted"]


def test_bad_env_value_is_a_clear_error(monkeypatch, tmp_path):
    path = str(tmp_path / "coldkey")
    monkeypatch.setenv(pw.env_var_name(path), "%%%not base64")
    with pytest.raises(PasswordError, match="not a valid encoded password"):
        pw.password_from_env(path)


@pytest.mark.parametrize("weak", ["", "abc", "password", "aaaaaaaaaaaa", "12345678"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(PasswordError, match="too weak"):
        pw.check_strength(weak)


@pytest.mark.parametrize("strong", ["Test-Passw0rd!", "correct horse battery staple", "Xk3#pL9qZ"])
def test_strong_passwords_pass(strong):
    pw.check_strength(strong)


def test_prompt_without_terminal_fails_fast(monkeypatch, tmp_path):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(PasswordError, match="no terminal.*BT_PW_"):
        pw.resolve(str(tmp_path / "coldkey"))


@pytest.fixture
def file_keyring(tmp_path):
    """A real keyring backend: keyrings.alt's file keyring, stored in a temp dir."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_keyring_round_trip(file_keyring, tmp_path):
    path = str(tmp_path / "wallets" / "w" / "coldkey")
    assert pw.keyring_backend_problem() is None
    assert pw.keyring_set(path, "Test-Passw0rd!") is None
    assert pw.keyring_get(path) == "Test-Passw0rd!"
    assert pw.resolve(path, use_keyring=True) == "Test-Passw0rd!"
    pw.keyring_delete(path)
    assert pw.keyring_get(path) is None


def test_no_keyring_backend_is_reported_not_fatal(tmp_path):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        problem = pw.keyring_backend_problem()
        assert problem and "no usable OS keyring backend" in problem
        assert pw.keyring_set(str(tmp_path / "k"), "x") == problem
        assert pw.keyring_get(str(tmp_path / "k")) is None
    finally:
        keyring.set_keyring(previous)
