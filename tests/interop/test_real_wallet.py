"""Wallets go both ways between taonet and the real bittensor-wallet library (4.1.1)."""
from __future__ import annotations

import json

import pytest

from tests.interop.conftest import run_real
from wallet import password as pw
from wallet.wallet import Wallet

pytestmark = [pytest.mark.interop, pytest.mark.slow]
PASSWORD = "Test-Passw0rd!"


def test_wallet_made_by_taonet_loads_in_the_real_library(btcli, tmp_path, real_wallet_python):
    keyfile = str(tmp_path / "ours" / "coldkey")
    env = {pw.env_var_name(keyfile): pw.encode_env_value(keyfile, PASSWORD)}
    made = btcli("wallet", "create", "-p", str(tmp_path), "--name", "ours", "-H", "hk", "--json-output", env=env)
    assert made.returncode == 0, made.stderr
    cold, hot = json.loads(made.stdout)["keys"]
    signature = json.loads(btcli("wallet", "sign", "-p", str(tmp_path), "--name", "ours", "-m", "from taonet",
                                 "--json-output", env=env).stdout)["signature"]
    code = f"""
import json
from bittensor_wallet import Wallet
w = Wallet(name="ours", hotkey="hk", path={str(tmp_path)!r})
cold = w.coldkey_file.get_keypair(password={PASSWORD!r})
print(json.dumps({{
    "cold": cold.ss58_address, "coldpub": w.coldkeypub.ss58_address,
    "hot": w.hotkey.ss58_address, "encrypted": w.coldkey_file.is_encrypted(),
    "sig_ok": cold.verify(b"from taonet", bytes.fromhex({signature[2:]!r})),
}}))
"""
    seen = json.loads(run_real(real_wallet_python, code))
    assert seen == {"cold": cold["ss58_address"], "coldpub": cold["ss58_address"], "hot": hot["ss58_address"],
                    "encrypted": True, "sig_ok": True}


def test_wallet_made_by_the_real_library_loads_in_taonet(btcli, tmp_path, real_wallet_python):
    code = f"""
import json
from bittensor_wallet import Wallet
w = Wallet(name="theirs", hotkey="hk", path={str(tmp_path)!r})
w.create_new_coldkey(n_words=12, use_password=True, overwrite=True, suppress=True, coldkey_password={PASSWORD!r})
w.create_new_hotkey(n_words=12, use_password=False, overwrite=True, suppress=True)
print(json.dumps({{"cold": w.coldkeypub.ss58_address, "hot": w.hotkey.ss58_address}}))
"""
    theirs = json.loads(run_real(real_wallet_python, code))
    w = Wallet("theirs", "hk", str(tmp_path))
    assert w.coldkey(lambda _path: PASSWORD).ss58_address == theirs["cold"]
    assert w.hotkey().ss58_address == theirs["hot"]
    keyfile = str(w.coldkey_file.path)
    env = {pw.env_var_name(keyfile): pw.encode_env_value(keyfile, PASSWORD)}
    listed = json.loads(btcli("wallet", "list", "-p", str(tmp_path), "--json-output").stdout)
    assert listed["wallets"][0]["coldkey_ss58"] == theirs["cold"]
    signed = btcli("wallet", "sign", "-p", str(tmp_path), "--name", "theirs", "-m", "x", "--json-output", env=env)
    assert json.loads(signed.stdout)["signer"] == theirs["cold"]
