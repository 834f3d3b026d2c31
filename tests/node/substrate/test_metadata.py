"""The runtime the node claims: spec 461's metadata ships in the package, is served byte for byte as a
subtensor node serves it, and costs nothing until the façade is used."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from node.substrate import metadata
from tests.conftest import REPO
from tests.substrate.vectors import golden


def test_metadata_at_version_15_is_the_golden_state_call_answer():
    assert "0x" + metadata.metadata_at_version(15).hex() == golden()["metadata"]["v15_hex"]


def test_state_get_metadata_is_the_golden_v14():
    assert metadata.state_get_metadata() == golden()["metadata"]["v14_hex"]
    assert metadata.metadata_v14()[:5] == b"meta\x0e" and metadata.metadata_v15()[:5] == b"meta\x0f"


def test_unknown_version_is_none_and_versions_lists_both():
    assert metadata.metadata_at_version(16) == b"\x00"
    assert metadata.metadata_at_version(0) == b"\x00"
    assert metadata.metadata_versions() == bytes.fromhex("08" "0e000000" "0f000000")  # Vec<u32> [14, 15]


def test_claimed_versions_are_the_metadata_s_own():
    from node.substrate.codec import codec

    version = codec().constant("System", "Version")
    assert version["spec_name"] == metadata.SPEC_NAME
    assert version["spec_version"] == metadata.SPEC_VERSION == golden()["network"]["spec_version"]
    assert version["transaction_version"] == metadata.TRANSACTION_VERSION
    assert codec().constant("System", "SS58Prefix") == metadata.SS58_FORMAT == golden()["network"]["ss58_format"]


def test_notice_names_source_and_licence():
    notice = (metadata.DATA / "NOTICE").read_text()
    assert "bittensor" in notice and "11.3.0" in notice and "Apache License, Version 2.0" in notice


def test_damaged_file_is_one_clear_error(tmp_path, monkeypatch):
    with gzip.open(tmp_path / "spec461_metadata_v15.scale.gz", "wb") as fh:
        fh.write(b"not metadata")
    (tmp_path / "spec461_metadata_v14.scale.gz").write_bytes(b"not gzip at all")
    monkeypatch.setattr(metadata, "DATA", tmp_path)
    metadata._load.cache_clear()
    try:
        with pytest.raises(metadata.MetadataMissing, match="reinstall"):
            metadata.metadata_v15()
        with pytest.raises(metadata.MetadataMissing, match="reinstall"):
            metadata.metadata_v14()
    finally:
        metadata._load.cache_clear()


def test_importing_the_node_loads_no_scale_library_and_no_metadata():
    probe = (
        "import sys, json\n"
        "import node, node.rpc, node.service, node.substrate, node.substrate.codec, node.substrate.metadata as m\n"
        "heavy = sorted(k for k in sys.modules\n"
        "               if k.split('.')[0] in ('scalecodec', 'async_substrate_interface', 'xxhash'))\n"
        "print(json.dumps({'heavy': heavy, 'loaded': m._load.cache_info().currsize}))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"heavy": [], "loaded": 0}
