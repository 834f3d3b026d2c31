"""The charlm corpus: Python's own standard library source, read from this installation.

Nothing is downloaded and nothing is shipped: `MODULES` is a fixed, sorted list of stdlib files,
each read up to `MAX_FILE_CHARS` characters and mapped onto the fixed vocabulary. A file is
held out for validation when the first byte of sha256(its name) is ≡ 0 (mod 6) — the same split
in every process and on every machine. The text itself is the same wherever the Python version
is the same (the localnet's miners and validators share one interpreter); validators on
different Python versions would score slightly different held-out text.
"""
from __future__ import annotations

import functools
import hashlib
import sysconfig
from dataclasses import dataclass
from pathlib import Path

# "\n", printable ASCII (space … "~"), then the unknown character: 97 entries.
VOCAB = "\n" + "".join(chr(c) for c in range(32, 127))
UNK = len(VOCAB)
VOCAB_SIZE = len(VOCAB) + 1
_INDEX = {ch: i for i, ch in enumerate(VOCAB)}

MODULES = (
    "abc", "argparse", "ast", "base64", "bisect", "calendar", "cmd", "codecs", "collections/__init__",
    "configparser", "contextlib", "copy", "csv", "dataclasses", "datetime", "difflib", "enum", "fnmatch",
    "fractions", "functools", "getopt", "gettext", "glob", "heapq", "hmac", "inspect", "ipaddress",
    "json/decoder", "json/encoder", "logging/__init__", "mailbox", "numbers", "operator", "optparse",
    "pathlib", "pickle", "pprint", "queue", "random", "shlex", "shutil", "socket", "statistics", "string",
    "subprocess", "tarfile", "tempfile", "textwrap", "threading", "timeit", "tokenize", "traceback",
    "typing", "uuid", "warnings", "weakref", "zipfile",
)
MAX_FILE_CHARS = 32_000
HELD_OUT_MODULUS = 6


def encode(text: str) -> list[int]:
    """Vocabulary indexes of `text` (a tab is four spaces; anything else unknown is UNK)."""
    return [_INDEX.get(ch, UNK) for ch in text.replace("\t", "    ")]


def normalise(text: str) -> str:
    """`text` as the vocabulary sees it (unknown characters become "\\x00", which is UNK)."""
    return "".join(ch if ch in _INDEX else "\x00" for ch in text.replace("\t", "    "))


def held_out(module: str) -> bool:
    return hashlib.sha256(module.encode()).digest()[0] % HELD_OUT_MODULUS == 0


@dataclass(frozen=True)
class Corpus:
    train: str
    valid: str
    train_files: tuple[str, ...]
    valid_files: tuple[str, ...]

    def digest(self) -> str:
        """A short fingerprint of both parts (equal in every process that reads the same files)."""
        return hashlib.sha256((self.train + "\x01" + self.valid).encode()).hexdigest()[:16]


def _read(root: Path, module: str) -> str:
    path = root / f"{module}.py"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""  # a trimmed installation: the file is skipped everywhere it is missing
    return normalise(text[:MAX_FILE_CHARS])


@functools.lru_cache(maxsize=1)
def load() -> Corpus:
    """The corpus of this Python installation, split by file (cached per process)."""
    root = Path(sysconfig.get_paths()["stdlib"])
    train, valid, train_files, valid_files = [], [], [], []
    for module in MODULES:
        text = _read(root, module)
        if not text:
            continue
        (valid if held_out(module) else train).append(text)
        (valid_files if held_out(module) else train_files).append(module)
    if not train or not valid:
        raise RuntimeError(f"the standard library's source is not installed under {root}: charlm needs its .py files")
    return Corpus("\n".join(train), "\n".join(valid), tuple(train_files), tuple(valid_files))
