"""Genesis: chain specs, the genesis hash, and refusing a data dir of another chain."""
from __future__ import annotations

import json

import pytest

from node.chain import Chain, GenesisMismatch
from node.genesis import DEV_ACCOUNTS, DEV_BALANCE, dev_spec, load_spec, spec_from_json
from node.builder import dev_key


def test_dev_accounts_are_the_well_known_dev_keys():
    for name, address in DEV_ACCOUNTS.items():
        assert dev_key(name).ss58_address == address


def test_genesis_hash_is_deterministic_and_names_the_chain(tmp_path):
    a = Chain(tmp_path / "a", dev_spec())
    b = Chain(tmp_path / "b", dev_spec())
    c = Chain(tmp_path / "c", dev_spec("another"))
    assert a.genesis_hash == b.genesis_hash != c.genesis_hash
    assert a.head.number == 0 and a.head.hash == a.genesis_hash
    assert a.reader.account(DEV_ACCOUNTS["ferdie"]) == (DEV_BALANCE, 0)
    assert a.reader.storage("sudo_key") == DEV_ACCOUNTS["alice"]
    for chain in (a, b, c):
        chain.close()


def test_reopen_resumes_and_other_spec_is_refused(tmp_path):
    chain = Chain(tmp_path / "d", dev_spec())
    chain.produce_block()
    head = chain.head
    chain.close()
    again = Chain(tmp_path / "d", None)
    assert again.head == head
    again.close()
    with pytest.raises(GenesisMismatch, match="holds chain 'taonet-dev'"):
        Chain(tmp_path / "d", dev_spec("other"))


def test_spec_file_and_validation(tmp_path):
    alice = DEV_ACCOUNTS["alice"]
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({"name": "mine", "balances": {alice: 10**12}, "sudo": alice}))
    spec = load_spec(str(path))
    assert spec.name == "mine" and spec.balances == {alice: 10**12}
    for bad, reason in [({"balances": {}}, "non-empty 'name'"),
                        ({"name": "x", "balances": {"nope": 1}}, "valid ss58"),
                        ({"name": "x", "balances": {alice: -1}}, "negative"),
                        ({"name": "x", "balances": {alice: 10}}, "at least 500"),
                        ({"name": "x", "balances": {alice: 2**63}}, "below 2\\^63")]:
        with pytest.raises(ValueError, match=reason):
            spec_from_json(bad)
