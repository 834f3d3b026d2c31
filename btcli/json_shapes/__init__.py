"""What each command prints with `--json-output`: the one written description of every JSON shape.

`SHAPES` maps a command path ("wallet sign") to its shape, written as indented lines:

    key: type — meaning              a key that is always there
    key?: type — meaning             a key that is there only in some cases (the meaning says when)
      nested: type — meaning         the keys of an object, of each item of a list, of each value of a map
    *: type — meaning                any other keys (an object keyed by names or numbers)

A first line `(list[object]) meaning` or `(map[object]) meaning` says the document itself is a list or
a map; otherwise it is an object. Types: str, int, float, bool, null, any, object, list[T], map[T]
(an object whose keys are data, such as netuids or wallet names), and unions (`int|null`). Amounts
are TAO (float) unless the key ends in `_rao` or the meaning says rao; addresses are ss58.

Where the real btcli 9.23.2 prints the same data, the key is its name (signed_message,
extrinsic_identifier, …); taonet's own keys stay beside them. `man btcli` shows every shape
(scripts/gen_man.py) and tests/cli/test_json_shapes.py checks them against real runs.
Every failure prints {"success": false, "error": "…"} instead (`ERROR_SHAPE`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from btcli.json_shapes import nodes, proxies, staking, subnets, wallets

ERROR_SHAPE = """
success: bool — false
error: str — what went wrong and what to do, in one line
"""


@dataclass
class Key:
    name: str
    type: str
    meaning: str
    optional: bool = False
    keys: list[Key] = field(default_factory=list)


@dataclass
class Shape:
    type: str  # object, list[object] or map[object]
    meaning: str
    keys: list[Key]


def parse(text: str) -> Shape:
    """A shape from its indented lines (see the module's docstring)."""
    lines = [line for line in text.splitlines() if line.strip()]
    root_type, root_meaning = "object", ""
    if lines and lines[0].lstrip().startswith("("):
        head = lines.pop(0).strip()
        root_type, _, root_meaning = head[1:].partition(")")
        root_meaning = root_meaning.strip()
    root = Key("", root_type, root_meaning)
    stack: list[tuple[int, Key]] = [(-1, root)]
    for line in lines:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body, _, meaning = line.strip().partition(" — ")
        name, _, type_ = body.partition(":")
        if not type_.strip():
            raise ValueError(f"no type in shape line {line!r}")
        key = Key(name.rstrip("?"), type_.strip(), meaning.strip(), optional=name.endswith("?"))
        while stack[-1][0] >= depth:
            stack.pop()
        stack[-1][1].keys.append(key)
        stack.append((depth, key))
    return Shape(root.type, root.meaning, root.keys)


SHAPES: dict[str, str] = {**wallets.SHAPES, **staking.SHAPES, **subnets.SHAPES, **nodes.SHAPES, **proxies.SHAPES}


def shape(command: str) -> Shape:
    return parse(SHAPES[command])


# -- checking a document against its shape ---------------------------------------------------------
_SCALARS: dict[str, Any] = {"str": str, "bool": bool, "null": type(None), "float": (int, float), "int": int}


def _alternatives(type_: str) -> list[str]:
    """`int|list[int|null]|null` -> ["int", "list[int|null]", "null"] (| inside brackets stays)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(type_):
        depth += ch == "["
        depth -= ch == "]"
        if ch == "|" and depth == 0:
            parts.append(type_[start:i])
            start = i + 1
    parts.append(type_[start:])
    return [p.strip() for p in parts]


def _fits(value: Any, type_: str, keys: list[Key], where: str, errors: list[str]) -> bool:
    """Whether `value` is of `type_` (one alternative); errors inside a matching container are collected."""
    if type_ == "any":
        return True
    if type_ in _SCALARS:
        if isinstance(value, bool) and type_ != "bool":
            return False
        return isinstance(value, _SCALARS[type_])
    if type_ == "object":
        if not isinstance(value, dict):
            return False
        if keys:
            check_object(value, keys, where, errors)
        return True
    for kind in ("list", "map"):
        if type_.startswith(kind + "[") and type_.endswith("]"):
            inner = type_[len(kind) + 1:-1]
            if kind == "list" and not isinstance(value, list):
                return False
            if kind == "map" and not isinstance(value, dict):
                return False
            items = enumerate(value) if kind == "list" else value.items()
            for index, item in items:
                check_value(item, inner, keys, f"{where}[{index!r}]" if kind == "map" else f"{where}[{index}]", errors)
            return True
    raise ValueError(f"unknown type {type_!r} at {where}")


def check_value(value: Any, type_: str, keys: list[Key], where: str, errors: list[str]) -> None:
    for alternative in _alternatives(type_):
        found: list[str] = []
        if _fits(value, alternative, keys, where, found):
            errors.extend(found)
            return
    errors.append(f"{where}: {type(value).__name__} {value!r:.60} is not {type_}")


def check_object(value: dict, keys: list[Key], where: str, errors: list[str]) -> None:
    documented = {k.name: k for k in keys}
    rest = documented.get("*")
    for key in keys:
        if key.name != "*" and key.name not in value and not key.optional:
            errors.append(f"{where}: documented key {key.name!r} is missing")
    for name, item in value.items():
        found = documented.get(str(name), rest)
        if found is None:
            errors.append(f"{where}: key {name!r} is not documented")
            continue
        check_value(item, found.type, found.keys, f"{where}.{name}", errors)


def check(command: str, document: Any) -> list[str]:
    """What in `document` (a command's printed JSON) disagrees with its documented shape; [] when none."""
    s = shape(command)
    errors: list[str] = []
    check_value(document, s.type, s.keys, command, errors)
    return errors


# -- the man page ----------------------------------------------------------------------------------
def lines(command: str) -> list[str]:
    """The shape as indented text lines, for the man page."""
    s = shape(command)
    out = [f"({s.type}) {s.meaning}".rstrip()] if s.type != "object" or s.meaning else []

    def walk(keys: list[Key], depth: int) -> None:
        for k in keys:
            meaning = f" \u2014 {k.meaning}" if k.meaning else ""
            out.append(f"{'  ' * depth}{k.name}{'?' if k.optional else ''}: {k.type}{meaning}")
            walk(k.keys, depth + 1)

    walk(s.keys, 0 if not out else 1)
    return out
