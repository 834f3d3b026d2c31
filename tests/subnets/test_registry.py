"""Finding subnets: the built-in template, a package's entry point, a module, a one-file subnet;
and the template's task itself (no network needed)."""
from __future__ import annotations

import sys

import pytest

from subnets import registry

ONE_FILE = '''
from typing import ClassVar, Optional
from subnets.base import Miner as BaseMiner, Validator as BaseValidator
from subnets.protocol.synapse import Synapse

class Echo(Synapse):
    text: str
    reply: Optional[str] = None
    required_hash_fields: ClassVar[tuple[str, ...]] = ("text",)

class Miner(BaseMiner):
    synapse = Echo
    def forward(self, synapse):
        synapse.reply = synapse.text
        return synapse

class Validator(BaseValidator):
    def challenge(self):
        return Echo(text="hi")
    def score(self, challenge, answers):
        return [1.0 if a.ok and a.synapse.reply == "hi" else 0.0 for a in answers]
'''


def test_the_template_is_built_in():
    sub = registry.load("template")
    assert "template" in registry.known()
    assert sub.neuron_class("miner").__name__ == "TemplateMiner" and sub.neuron_class("validator").__name__ == "TemplateValidator"


def test_an_unknown_subnet_lists_the_known_ones():
    with pytest.raises(registry.SubnetNotFound, match="known subnets: .*template.*taonet.subnets"):
        registry.load("nosuch")


def test_a_package_registers_one_through_the_entry_point_group(tmp_path, monkeypatch):
    (tmp_path / "my_subnet_pkg").mkdir()
    (tmp_path / "my_subnet_pkg" / "__init__.py").write_text("")
    (tmp_path / "my_subnet_pkg" / "echo.py").write_text(ONE_FILE)
    dist = tmp_path / "my_subnet_pkg-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: my-subnet-pkg\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[{registry.GROUP}]\necho = my_subnet_pkg.echo\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "echo" in registry.known()
    sub = registry.load("echo")
    assert sub.miner.synapse.__name__ == "Echo"
    sys.modules.pop("my_subnet_pkg.echo", None)
    sys.modules.pop("my_subnet_pkg", None)


def test_a_one_file_subnet_and_a_module(tmp_path):
    path = tmp_path / "echo_subnet.py"
    path.write_text(ONE_FILE)
    assert registry.load(str(path)).miner.synapse.__name__ == "Echo"
    with pytest.raises(registry.SubnetNotFound, match="no subnet file"):
        registry.load(str(tmp_path / "missing.py"))
    assert registry.load("subnets.template").validator.__name__ == "TemplateValidator"
    bad = tmp_path / "half.py"
    bad.write_text("class Miner: pass\n")
    with pytest.raises(registry.SubnetNotFound, match="must define"):
        registry.load(str(bad))


def test_template_task():
    from subnets.base import Answer, NeuronConfig
    from subnets.template import Dummy, Miner, Validator

    good, bad = Miner(NeuronConfig(netuid=1)), Miner(NeuronConfig(netuid=1, options={"bad": "true"}))
    assert good.forward(Dummy(dummy_input=21)).dummy_output == 42
    assert bad.forward(Dummy(dummy_input=21)).dummy_output != 42
    v = Validator(NeuronConfig(netuid=1))
    challenge = v.challenge()
    right = Dummy(dummy_input=challenge.dummy_input, dummy_output=challenge.dummy_input * 2)
    wrong = Dummy(dummy_input=challenge.dummy_input, dummy_output=1 + challenge.dummy_input * 2)
    answers = [Answer(0, "a", True, 200, "", 0.01, right), Answer(1, "b", True, 200, "", 0.01, wrong),
               Answer(2, "c", False, 408, "timeout", 5.0)]
    assert v.score(challenge, answers) == [1.0, 0.0, 0.0]


def test_options_are_typed():
    from subnets.base import NeuronConfig
    from subnets.base.neuron import Neuron
    from subnets.run import parse_options

    n = Neuron(NeuronConfig(netuid=1, options=parse_options(["bad=yes", "timeout=2.5", "k=v", "n=3"])))
    assert n.option("bad", False) is True and n.option("timeout", 5.0) == 2.5 and n.option("n", 0) == 3
    assert n.option("k", None) == "v" and n.option("missing", 7) == 7
    with pytest.raises(ValueError):
        parse_options(["novalue"])
    with pytest.raises(ValueError):
        Neuron(NeuronConfig(netuid=1, options={"bad": "maybe"})).option("bad", False)


def test_an_encrypted_hotkey_loads_from_its_variable_never_a_prompt(tmp_path, monkeypatch):
    from subnets.base import NeuronConfig
    from subnets.base.neuron import Neuron
    from wallet import password
    from wallet.errors import WalletError
    from wallet.keypair import Keypair
    from wallet.wallet import Wallet

    pair = Keypair.from_uri("//Dave")
    w = Wallet("w", "h", str(tmp_path))
    w.write_hotkey(pair, "Correct-Horse-9")
    neuron = Neuron(NeuronConfig(netuid=1, wallet_name="w", hotkey="h", wallet_path=str(tmp_path)))
    monkeypatch.setattr(password, "keyring_get", lambda path: None)
    name = password.env_var_name(str(w.hotkey_file().path))
    monkeypatch.delenv(name, raising=False)
    with pytest.raises(WalletError, match="BT_PW_"):
        neuron.load_hotkey()
    monkeypatch.setenv(name, password.encode_env_value(str(w.hotkey_file().path), "Correct-Horse-9"))
    assert neuron.load_hotkey().ss58_address == pair.ss58_address


