"""Key files: every format the real wallet writes or once wrote, and the wallet directory layout."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat

import pytest

from tests.conftest import VECTORS, load_vector
from wallet import keyfile_format as fmt
from wallet.errors import KeyfileError, PasswordError
from wallet.keyfile import Keyfile
from wallet.keypair import Keypair
from wallet.wallet import Wallet, list_wallets

MANIFEST = load_vector("wallet", "keyfiles.json")
FILES = VECTORS / "wallet" / "keyfiles"
PW = MANIFEST["password_for_all_encrypted"]


@pytest.mark.parametrize("name", sorted(n for n in MANIFEST["files"] if not n.startswith("legacy_fernet")))
def test_every_vector_key_file_loads(name):
    meta = MANIFEST["files"][name]
    raw = (FILES / name).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == meta["sha256"]
    pair = fmt.deserialise(fmt.decrypt(raw, meta["password"]) if meta["password"] else raw)
    assert pair.ss58_address == meta["expected_ss58"]


def test_wrong_password_is_a_clear_error():
    raw = (FILES / "coldkey_encrypted_nacl.bin").read_bytes()
    with pytest.raises(PasswordError, match="wrong password"):
        fmt.decrypt(raw, "not-the-password")
    with pytest.raises(PasswordError, match="wrong password"):
        fmt.decrypt((FILES / "legacy_ansible_vault_coldkey.txt").read_bytes(), "nope")


@pytest.mark.slow
def test_legacy_fernet_file_reads_better_than_the_real_library():
    raw = (FILES / "legacy_fernet_coldkey.txt").read_bytes()
    assert fmt.encryption_method(raw) == "legacy"
    pair = fmt.deserialise(fmt.decrypt(raw, PW))
    assert pair.ss58_address == MANIFEST["files"]["legacy_fernet_coldkey.txt"]["expected_ss58"]


def test_our_nacl_envelope_is_the_real_format():
    plain = (FILES / "coldkey_unencrypted.json").read_bytes()
    sealed = fmt.encrypt(plain, PW)
    assert sealed.startswith(b"$NACL") and len(sealed) == len(plain) + 5 + 24 + 16
    # the real library's own file decrypts with the key we derive, and ours with theirs:
    theirs = (FILES / "coldkey_encrypted_nacl.bin").read_bytes()
    from nacl.secret import SecretBox

    box = SecretBox(fmt.nacl_key(PW))
    assert json.loads(box.decrypt(theirs[5:])) == json.loads(plain)  # key order varies per write
    assert box.decrypt(sealed[5:]) == plain


def test_serialised_fields_match_the_real_layout():
    real = json.loads((FILES / "coldkey_unencrypted.json").read_text())
    ours = json.loads(fmt.serialise(Keypair.from_mnemonic(real["secretPhrase"])))
    assert ours == real
    assert b"\n" not in fmt.serialise(Keypair.from_mnemonic(real["secretPhrase"]))
    pub_real = json.loads((FILES / "coldkeypub.txt").read_text())
    assert json.loads(fmt.serialise_public(Keypair.from_mnemonic(real["secretPhrase"]))) == pub_real


def test_read_precedence_first_field_present_wins():
    real = json.loads((FILES / "coldkey_unencrypted.json").read_text())
    other = Keypair.from_uri("//Bob")
    mixed = dict(real, privateKey="0x" + other.private_key.hex(), ss58Address=other.ss58_address)
    assert fmt.deserialise(json.dumps(mixed).encode()).ss58_address == real["ss58Address"]
    only_seed = {"secretSeed": real["secretSeed"], "privateKey": "0x" + other.private_key.hex()}
    assert fmt.deserialise(json.dumps(only_seed).encode()).ss58_address == real["ss58Address"]
    only_private = {"privateKey": "0x" + other.private_key.hex()}
    assert fmt.deserialise(json.dumps(only_private).encode()).ss58_address == other.ss58_address


@pytest.mark.parametrize("garbage", [b"", b"{", b"[]", b"\x00\x01binary", b'{"foo": 1}', b'{"secretSeed": "0x12"}'])
def test_corrupt_key_files_raise_keyfile_error(garbage):
    with pytest.raises(KeyfileError):
        fmt.deserialise(garbage)


def test_real_wallet_directories_load(tmp_path):
    for name in ("wallet_tw_plain", "wallet_tw_enc"):
        shutil.copytree(FILES / name, tmp_path / name)
    plain = Wallet("wallet_tw_plain", "hk1", str(tmp_path))
    assert plain.coldkey(lambda p: pytest.fail("asked for a password")).ss58_address == plain.coldkeypub().ss58_address
    assert plain.hotkey().ss58_address == plain.hotkeypub().ss58_address
    enc = Wallet("wallet_tw_enc", "hk_enc", str(tmp_path))
    assert enc.coldkey_file.is_encrypted() and not enc.hotkey_file("hk1").is_encrypted()
    assert enc.hotkey(lambda p: PW).ss58_address == enc.hotkeypub().ss58_address
    assert enc.hotkey_names() == ["hk1", "hk_enc"]
    summaries = {s.name: s for s in list_wallets(str(tmp_path))}
    assert summaries["wallet_tw_enc"].coldkey_encrypted is True
    assert [h for h, _ in summaries["wallet_tw_enc"].hotkeys] == ["hk1", "hk_enc"]


def test_written_files_are_0600_in_0700_dirs(tmp_path):
    w = Wallet("w", "h", str(tmp_path / "deep" / "wallets"))
    pair = Keypair.from_uri("//Alice")
    w.write_coldkey(pair, None)
    w.write_hotkey(pair, None)
    for path in (w.coldkey_file.path, w.coldkeypub_file.path, w.hotkey_file().path, w.hotkeypub_file().path):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    for folder in (w.directory, w.directory / "hotkeys", tmp_path / "deep"):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700


def test_existing_keys_are_never_overwritten_without_permission(tmp_path):
    w = Wallet("w", "h", str(tmp_path))
    w.write_coldkey(Keypair.from_uri("//Alice"), None)
    before = w.coldkey_file.path.read_bytes()
    with pytest.raises(KeyfileError, match="already exists.*--overwrite"):
        w.write_coldkey(Keypair.from_uri("//Bob"), None)
    assert w.coldkey_file.path.read_bytes() == before
    w.write_coldkey(Keypair.from_uri("//Bob"), None, overwrite=True)
    assert w.coldkeypub().ss58_address == Keypair.from_uri("//Bob").ss58_address


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(KeyfileError, match="not found"):
        Keyfile(tmp_path / "nothing").keypair()
    with pytest.raises(KeyfileError, match="invalid wallet name"):
        Wallet("../escape")


def test_json_backup_round_trip():
    from wallet import json_backup

    pair = Keypair.from_uri("//Alice")
    text = json_backup.dump(pair, "pw", n=1 << 10)
    assert json_backup.load(text, "pw").ss58_address == pair.ss58_address
    with pytest.raises(PasswordError):
        json_backup.load(text, "wrong")
    with pytest.raises(KeyfileError):
        json_backup.load("{}", "pw")
