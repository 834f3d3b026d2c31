"""Where key-file passwords come from: the `BT_PW_…` variable, the OS keyring, or a prompt.

The environment variable is the real wallet's: name `BT_PW_` + the key file's absolute path with
`/` and `.` turned into `_`, upper-cased; value base64(password XOR the name, cycled).
The keyring is optional (`--use-keyring`): service "taonet", user = the key file's absolute path.
No terminal and no other source: fail at once with what to set, never hang.
"""
from __future__ import annotations

import base64
import math
import os
import sys
from itertools import cycle

from wallet.errors import PasswordError

KEYRING_SERVICE = "taonet"
MIN_LENGTH = 8
MIN_ENTROPY_BITS = 40


def env_var_name(keyfile_path: str) -> str:
    path = os.path.abspath(os.path.expanduser(keyfile_path))
    return "BT_PW_" + path.replace("/", "_").replace(".", "_").upper()


def encode_env_value(keyfile_path: str, password: str) -> str:
    """The value to put in the key file's `BT_PW_` variable for `password`."""
    name = env_var_name(keyfile_path).encode()
    mixed = bytes(a ^ b for a, b in zip(password.encode("utf-8"), cycle(name)))
    return base64.b64encode(mixed).decode()


def password_from_env(keyfile_path: str) -> str | None:
    name = env_var_name(keyfile_path)
    value = os.environ.get(name)
    if value is None:
        return None
    try:
        mixed = base64.b64decode(value, validate=True)
        return bytes(a ^ b for a, b in zip(mixed, cycle(name.encode()))).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise PasswordError(f"${name} is not a valid encoded password: set it with `btcli wallet env-password`") from None


def check_strength(password: str) -> None:
    """Refuse passwords that are short or guessable; the message says what is needed."""
    pools = [
        (any(c.islower() for c in password), 26),
        (any(c.isupper() for c in password), 26),
        (any(c.isdigit() for c in password), 10),
        (any(not c.isalnum() for c in password), 33),
    ]
    alphabet = sum(size for present, size in pools if present) or 1
    distinct = len(set(password))
    bits = min(len(password), distinct * 2) * math.log2(alphabet)
    if len(password) < MIN_LENGTH or bits < MIN_ENTROPY_BITS:
        raise PasswordError(
            f"password too weak: use at least {MIN_LENGTH} characters mixing upper and lower case, digits or symbols"
        )


# -- keyring ---------------------------------------------------------------------------------
def keyring_backend_problem() -> str | None:
    """None if a usable keyring backend exists, else a sentence saying why not."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return "the keyring package is not installed"
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return "no usable OS keyring backend (Secret Service, Keychain or Credential Locker) on this machine"
    children = getattr(backend, "backends", None)
    if children is not None and not children:
        return "no usable OS keyring backend (Secret Service, Keychain or Credential Locker) on this machine"
    return None


def keyring_get(keyfile_path: str) -> str | None:
    if keyring_backend_problem():
        return None
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, os.path.abspath(keyfile_path))
    except Exception:  # a locked or broken backend: fall back to other sources
        return None


def keyring_set(keyfile_path: str, password: str) -> str | None:
    """Store the password; return None on success or a sentence saying why it was not stored."""
    problem = keyring_backend_problem()
    if problem:
        return problem
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, os.path.abspath(keyfile_path), password)
    except Exception as exc:
        return f"the keyring refused the password ({type(exc).__name__})"
    return None


def keyring_delete(keyfile_path: str) -> None:
    if keyring_backend_problem():
        return
    import keyring

    try:
        keyring.delete_password(KEYRING_SERVICE, os.path.abspath(keyfile_path))
    except Exception:
        pass


# -- prompts ---------------------------------------------------------------------------------
def _require_terminal(what: str, keyfile_path: str) -> None:
    if not sys.stdin or not sys.stdin.isatty():
        raise PasswordError(
            f"no terminal to ask for the {what}: run in a terminal, or set {env_var_name(keyfile_path)} "
            "to the value `btcli wallet env-password` prints"
        )


def prompt_new(keyfile_path: str, what: str = "password") -> str:
    """Ask for a new password twice and check its strength."""
    import getpass

    _require_terminal(what, keyfile_path)
    for _ in range(3):
        first = getpass.getpass(f"Enter a {what} to encrypt {os.path.basename(keyfile_path)}: ")
        try:
            check_strength(first)
        except PasswordError as exc:
            print(str(exc), file=sys.stderr)
            continue
        if getpass.getpass("Retype it: ") == first:
            return first
        print("The passwords do not match.", file=sys.stderr)
    raise PasswordError("no acceptable password given after 3 tries")


def prompt_existing(keyfile_path: str) -> str:
    import getpass

    _require_terminal("password", keyfile_path)
    return getpass.getpass(f"Enter the password to unlock {keyfile_path}: ")


def resolve(keyfile_path: str, use_keyring: bool = False) -> str:
    """The password for an existing encrypted key file, from the first source that has it."""
    found = password_from_env(keyfile_path)
    if found is None and use_keyring:
        found = keyring_get(keyfile_path)
    if found is None:
        found = prompt_existing(keyfile_path)
    return found
