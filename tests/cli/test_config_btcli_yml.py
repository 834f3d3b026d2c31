"""The real btcli's ~/.bittensor/config.yml read as defaults under taonet's own config, the real
`config set/clear` flags (--disk-cache honoured, --cache and --dashboard-path refused in one line),
with a temporary HOME; the real btcli 9.23.2 writing the file taonet then reads."""
from __future__ import annotations

import os
import subprocess

from tests.cli.helpers import json_of

REAL_YML = """allow_partial_stake: false
dashboard_path: null
disk_cache: false
network: null
rate_tolerance: 0.02
safe_staking: false
use_cache: true
wallet_hotkey: null
wallet_name: realw
wallet_path: {wallets}
"""


def settings(btcli, *keys: str) -> dict:
    return json_of(btcli("config", "get", *keys, "--json-output"))["settings"]


def test_the_real_btcli_file_is_read_under_taonets_own(btcli, isolated_home):
    wallets = isolated_home / "real-wallets"
    (isolated_home / ".bittensor").mkdir()
    (isolated_home / ".bittensor" / "config.yml").write_text(REAL_YML.format(wallets=wallets))
    got = settings(btcli)
    assert got["wallet_name"] == {"value": "realw", "source": "btcli config.yml"}
    assert got["rate_tolerance"] == {"value": 0.02, "source": "btcli config.yml"}
    assert got["safe_staking"] == {"value": False, "source": "btcli config.yml"}
    assert got["disk_cache"] == {"value": False, "source": "btcli config.yml"}
    assert got["network"] == {"value": "local", "source": "default"}  # null in the real file: not set
    assert got["wallet_hotkey"] == {"value": "default", "source": "default"}
    assert "use_cache" not in got and "dashboard_path" not in got
    # a command takes the real btcli's wallet name and path
    created = json_of(btcli("wallet", "create", "--no-use-password", "--json-output"))
    assert (wallets / "realw" / "coldkeypub.txt").exists(), created
    # taonet's own value wins; clearing it falls back to the real btcli's
    json_of(btcli("config", "set", "--wallet-name", "mine", "--json-output"))
    assert settings(btcli, "wallet_name")["wallet_name"] == {"value": "mine", "source": "config"}
    json_of(btcli("config", "clear", "--wallet-name", "--json-output"))
    assert settings(btcli, "wallet_name")["wallet_name"]["source"] == "btcli config.yml"
    # taonet never writes the real btcli's file
    assert (isolated_home / ".bittensor" / "config.yml").read_text() == REAL_YML.format(wallets=wallets)


def test_btcli_config_path_and_a_bad_file(btcli, isolated_home):
    other = isolated_home / "elsewhere.yml"
    other.write_text("network: ws://127.0.0.1:9946\n")
    env = {"BTCLI_CONFIG_PATH": str(other)}
    got = json_of(btcli("config", "get", "network", "--json-output", env=env))["settings"]
    assert got["network"] == {"value": "ws://127.0.0.1:9946", "source": "btcli config.yml"}
    other.write_text("network: [unclosed\n")
    broken = btcli("config", "get", "--json-output", env=env)
    error = json_of(broken, 1)["error"]
    assert str(other) in error and "unreadable" in error and "\n" not in error


def test_the_real_flags(btcli, isolated_home):
    for refused, why in ((("--cache",), "--reuse-last"), (("--dashboard-path", "/tmp/d"), "HTML")):
        done = btcli("config", "set", *refused)
        assert done.returncode == 2 and why in done.stderr and "Traceback" not in done.stderr
        assert done.stderr.strip().count("\n") == 0, done.stderr
    done = btcli("config", "clear", "--dashboard-path", "/tmp/d")
    assert done.returncode == 2 and "HTML" in done.stderr
    assert settings(btcli, "disk_cache")["disk_cache"] == {"value": True, "source": "default"}
    json_of(btcli("config", "set", "--no-cache", "--no-disk-cache", "--json-output"))
    assert settings(btcli, "disk_cache")["disk_cache"] == {"value": False, "source": "config"}
    json_of(btcli("config", "set", "--disk-cache", "--json-output"))
    assert settings(btcli, "disk_cache")["disk_cache"]["value"] is True


def test_no_disk_cache_fetches_the_metadata_every_time(btcli, isolated_home, tmp_path):
    """taonet's subtensor backend on a taonet node's Substrate façade: with disk_cache false it keeps
    no metadata on disk; with it true (the default) it does."""
    from tests.node.fixtures import NodeProcess

    node = NodeProcess(tmp_path / "chain", block_time=0.2)
    try:
        ws = node.url.replace("http://", "ws://")
        for cached in (False, True):
            cache = tmp_path / f"metadata-{cached}"
            json_of(btcli("config", "set", "--disk-cache" if cached else "--no-disk-cache", "--json-output"))
            done = btcli("wallet", "balance", "--ss58", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
                         "--network", ws, "--json-output", env={"TAONET_METADATA_CACHE": str(cache)})
            json_of(done)
            files = list(cache.rglob("*.scale")) if cache.exists() else []
            assert bool(files) is cached, files
    finally:
        node.stop()


def test_the_real_btcli_writes_what_taonet_reads(btcli, isolated_home):
    from tests.interop.conftest import real_venv

    real = real_venv("bittensor-cli-9.23.2", "bittensor-cli==9.23.2").parent / "btcli"
    env = {**os.environ, "HOME": str(isolated_home)}
    done = subprocess.run([str(real), "config", "set", "--wallet-name", "fromreal", "--tolerance", "0.03",
                           "--no-disk-cache", "--unsafe"], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr + done.stdout
    got = settings(btcli)
    assert got["wallet_name"] == {"value": "fromreal", "source": "btcli config.yml"}
    assert got["rate_tolerance"] == {"value": 0.03, "source": "btcli config.yml"}
    assert got["disk_cache"]["value"] is False and got["safe_staking"]["value"] is False
    assert got["network"]["source"] == "default"  # the real btcli writes null for what it was not given


