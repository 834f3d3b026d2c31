"""What users of a CLI expect from it: `--version`, shell completion, and `man btcli` after `pip install`."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version

import pytest

from tests.conftest import REPO, btcli_exe

BASH = shutil.which("bash")


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(btcli, flag):
    result = btcli(flag)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"btcli {version('taonet')} (taonet)\n"


def test_root_help_lists_the_root_options(btcli):
    result = btcli("--help")
    assert result.returncode == 0
    for option in ("--version", "--install-completion", "--show-completion", "--help"):
        assert option in result.stdout


def _complete(script: str, words: list[str]) -> list[str]:
    """What bash offers after `words` (the last one being completed), through the script btcli prints."""
    line = " ".join(words)
    code = (f'eval "$(cat {script})"; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; '
            '_btcli_completion btcli; printf "%s\\n" "${COMPREPLY[@]}"')
    done = subprocess.run([BASH, "--norc", "-c", code], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PATH=os.pathsep.join([os.path.dirname(btcli_exe()[0]), os.environ["PATH"]])))
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(BASH is None or len(btcli_exe()) != 1, reason="needs bash and the btcli script")
def test_bash_completion_completes_groups_commands_and_options(tmp_path, isolated_home):
    shown = subprocess.run([BASH, "--norc", "-c", f"{btcli_exe()[0]} --show-completion"], capture_output=True,
                           text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert "_BTCLI_COMPLETE=complete_bash" in shown.stdout
    script = tmp_path / "btcli-completion.sh"
    script.write_text(shown.stdout)
    assert _complete(str(script), ["btcli", "wal"]) == ["wallet"]
    assert _complete(str(script), ["btcli", "wallet", "cr"]) == ["create"]
    assert _complete(str(script), ["btcli", "w", "li"]) == ["list"]  # through a hidden alias
    assert set(_complete(str(script), ["btcli", "stake", "add", "--safe"])) == {"--safe", "--safe-staking"}


@pytest.mark.skipif(BASH is None or len(btcli_exe()) != 1, reason="needs bash and the btcli script")
def test_install_completion_writes_the_bash_script(isolated_home):
    done = subprocess.run([BASH, "--norc", "-c", f"{btcli_exe()[0]} --install-completion"], capture_output=True,
                          text=True, timeout=60, env=dict(os.environ, HOME=str(isolated_home)))
    assert done.returncode == 0, done.stderr
    script = isolated_home / ".bash_completions" / "btcli.sh"
    assert "_btcli_completion" in script.read_text()
    assert str(script.relative_to(isolated_home)) in (isolated_home / ".bashrc").read_text()


def test_the_wheel_installs_the_man_page(tmp_path):
    """`pip install` puts man/btcli.1 in <prefix>/share/man/man1, where man-db looks for each
    <prefix>/bin on PATH. Builds a real wheel from a copy of the sources (about a second)."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("man", "btcli", "wallet", "client", "node", "consensus", "subnets", "tui"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path / "dist"), str(source)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("taonet-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        page = f"taonet-{version('taonet')}.data/data/share/man/man1/btcli.1"
        assert page in archive.namelist()
        assert archive.read(page) == (REPO / "man" / "btcli.1").read_bytes()
        assert "btcli/main.py" in archive.namelist()
