"""One key file on disk: read, decrypt, write (0600, atomically), with clear errors."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from wallet import keyfile_format as fmt
from wallet.errors import KeyfileError
from wallet.keypair import Keypair

PasswordSource = Callable[[str], str]


def ensure_private_dir(path: Path) -> None:
    """Create `path` and its missing parents with mode 0700."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        directory.mkdir(mode=0o700)
        os.chmod(directory, 0o700)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` with mode 0600, atomically (temp file + rename)."""
    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class Keyfile:
    """A key file: `coldkey`, `coldkeypub.txt`, `hotkeys/<name>` or `hotkeys/<name>pub.txt`."""

    def __init__(self, path: str | os.PathLike[str], name: str = "key file") -> None:
        self.path = Path(os.path.expanduser(os.fspath(path)))
        self.name = name

    def __repr__(self) -> str:
        return f"Keyfile({str(self.path)!r})"

    def exists(self) -> bool:
        return self.path.is_file()

    def read_raw(self) -> bytes:
        if not self.path.exists():
            raise KeyfileError(f"{self.name} not found at {self.path}: create it with `btcli wallet create` or regenerate it")
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise KeyfileError(f"cannot read {self.name} at {self.path}: {exc.strerror}") from None

    def is_encrypted(self) -> bool:
        return self.exists() and fmt.encryption_method(self.read_raw()) is not None

    def encryption_method(self) -> str | None:
        return fmt.encryption_method(self.read_raw())

    def keypair(self, password_source: PasswordSource | None = None) -> Keypair:
        """Load the keypair, asking `password_source(path)` for a password when the file is encrypted."""
        raw = self.read_raw()
        if fmt.encryption_method(raw) is not None:
            if password_source is None:
                raise KeyfileError(f"{self.name} at {self.path} is encrypted and no password source was given")
            raw = fmt.decrypt(raw, password_source(str(self.path)))
        return fmt.deserialise(raw, f"{self.name} at {self.path}")

    def check_writable(self, overwrite: bool) -> None:
        """Refuse before anything is generated if the file exists and `overwrite` is off."""
        if self.exists() and not overwrite:
            raise KeyfileError(
                f"{self.name} already exists at {self.path}: nothing was changed. "
                "Pass --overwrite to replace it (the old key is lost unless you kept its mnemonic)"
            )

    def write(self, data: bytes, overwrite: bool = False) -> None:
        self.check_writable(overwrite)
        write_private(self.path, data)
