"""The README's table "compared with the real btcli", generated from both command trees.

The real tree is bittensor-cli 9.23.2's (every command, alias and option, as its `--help` lists
them), kept in scripts/real_btcli_commands.json; taonet's is read from the Typer app itself. For
each real command the table says whether taonet has it (under which spelling), how many of its
options taonet accepts, which it refuses with a reason, and which are missing; a real command
taonet does not have is named as out of scope with the reason, or as not there yet.

    python scripts/btcli_coverage.py            # print the table
    python scripts/btcli_coverage.py --write    # rewrite README.md between the markers
    python scripts/btcli_coverage.py --check    # exit 1 when README.md is not current
    python scripts/btcli_coverage.py --import-spec ../shared/spec/btcli-commands.md  # refresh the JSON
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(__file__).with_name("real_btcli_commands.json")
README = ROOT / "README.md"
START, END = "<!-- btcli-coverage:start -->", "<!-- btcli-coverage:end -->"

# Real commands taonet leaves out on purpose, with the reason (a prefix covers a whole group).
OUT_OF_SCOPE = {
    "sudo senate": "mainnet governance: the senate exists only on finney",
    "sudo proposals": "mainnet governance: proposals exist only on finney",
    "sudo senate-vote": "mainnet governance: votes exist only on finney",
    "crowd": "crowdloans: a finney fundraising feature, not part of a dev or research chain",
    "lock": "stake locks and conviction: not in the runtime taonet follows (spec 461)",
    "stake locks": "stake locks and conviction: not in the runtime taonet follows (spec 461)",
    "subnets conviction": "stake locks and conviction: not in the runtime taonet follows (spec 461)",
    "utils latency": "measures finney's public endpoints; taonet reaches no outside network in its checks",
}
# Real subcommands that taonet spells as an argument of one command.
ARGUMENT_FORMS = {"view dashboard": ("view", "`btcli view dashboard`: an argument of `btcli view`")}


@dataclass
class RealCommand:
    path: str
    aliases: list[str]
    group: bool
    options: list[str] = field(default_factory=list)  # each spelling group, e.g. "--safe-staking/--no-safe-staking"


def import_spec(spec: Path) -> list[dict[str, Any]]:
    """The real tree from the markdown table of ../shared/spec/btcli-commands.md."""
    rows = []
    for line in spec.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0] or cells[0] in ("command", "---"):
            continue
        name, aliases, _hidden, _purpose, options = cells
        group = name.endswith("(group)")
        path = name.removesuffix("(group)").strip()
        rows.append({"path": path, "group": group,
                     "aliases": [a.strip() for a in aliases.split(",") if a.strip()],
                     "options": [o for o in options.split() if o.startswith("--")]})
    return rows


def real_tree() -> list[RealCommand]:
    return [RealCommand(**row) for row in json.loads(REAL.read_text())]


def _click_root() -> Any:
    import typer

    from btcli.main import app

    return typer.main.get_command(app)


def _resolve(root: Any, words: list[str]) -> Any | None:
    import click

    command, ctx = root, click.Context(root)
    for word in words:
        getter = getattr(command, "get_command", None)
        found = getter(ctx, word) if getter else None
        if found is None:
            return None
        command, ctx = found, click.Context(found, parent=ctx)
    return command


def _spellings(command: Any) -> dict[str, Any]:
    out = {}
    for param in getattr(command, "params", []):
        for opt in (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())):
            out[opt] = param
    return out


def _refused(param: Any) -> bool:
    return "_refuse" in getattr(getattr(param, "callback", None), "__qualname__", "")


def _scope(path: str) -> str | None:
    for prefix, why in OUT_OF_SCOPE.items():
        if path == prefix or path.startswith(prefix + " "):
            return why
    return None


@dataclass
class Row:
    path: str
    status: str           # "yes", "alias", "out of scope", "not yet"
    spelling: str = ""    # taonet's name when it differs (an alias resolved)
    accepted: int = 0
    total: int = 0
    refused: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    why: str = ""


def compare() -> list[Row]:
    root = _click_root()
    rows = []
    for real in real_tree():
        words = real.path.split()
        form = ARGUMENT_FORMS.get(real.path)
        command = _resolve(root, form[0].split() if form else words)
        why = _scope(real.path)
        if command is None:
            alias_hit = next((a for a in real.aliases if _resolve(root, words[:-1] + [a]) is not None), None)
            if alias_hit:
                command = _resolve(root, words[:-1] + [alias_hit])
        if command is None:
            rows.append(Row(real.path, "out of scope" if why else "not yet", why=why or ""))
            continue
        row = Row(real.path, "yes", total=len(real.options))
        if form:
            row.spelling = form[1]
        elif command.name not in (words[-1], *real.aliases):
            row.spelling = command.name
        if not real.group:
            have = _spellings(command)
            for option in real.options:
                spellings = [s for s in re.sub(r"\(-\w\)", "", option).split("/") if s.startswith("--")]
                params = [have[s] for s in spellings if s in have]
                if not params:
                    row.missing.append(option)
                elif all(_refused(p) for p in params):
                    row.refused.append(option)
                    row.accepted += 1
                else:
                    row.accepted += 1
        rows.append(row)
    return rows


def table(rows: list[Row]) -> str:
    present = [r for r in rows if r.status == "yes"]
    scoped = [r for r in rows if r.status == "out of scope"]
    missing = [r for r in rows if r.status == "not yet"]
    options = sum(r.total for r in present)
    accepted = sum(r.accepted for r in present)
    lines = [
        f"Generated by `python scripts/btcli_coverage.py --write` from the real btcli 9.23.2's tree "
        f"(scripts/real_btcli_commands.json) and taonet's own: {len(rows)} real commands and groups, "
        f"{len(present)} present in taonet, {len(scoped)} out of scope, {len(missing)} not yet; on the "
        f"present commands {accepted} of {options} real options are accepted (those refused say why in one line).",
        "",
        "| real command | taonet | options accepted | refused (one line says why) | not accepted |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        if r.status == "yes":
            has = "yes" + (f" ({r.spelling})" if r.spelling else "")
            counts = f"{r.accepted}/{r.total}" if r.total else "–"
            refused = " ".join(f"`{o}`" for o in r.refused) or "–"
            lacking = " ".join(f"`{o}`" for o in r.missing) or "–"
            lines.append(f"| `{r.path}` | {has} | {counts} | {refused} | {lacking} |")
        else:
            lines.append(f"| `{r.path}` | {r.status}{': ' + r.why if r.why else ''} | – | – | – |")
    return "\n".join(lines) + "\n"


def _replace(text: str, body: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{body}{END}{tail}"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--import-spec"]:
        REAL.write_text(json.dumps(import_spec(Path(argv[1])), indent=1) + "\n")
        return 0
    body = table(compare())
    if not argv:
        sys.stdout.write(body)
        return 0
    text = README.read_text()
    if START not in text:
        sys.stderr.write(f"README.md has no {START} marker\n")
        return 1
    new = _replace(text, body)
    if argv[0] == "--check":
        if new != text:
            sys.stderr.write("README.md's btcli coverage table is stale: run python scripts/btcli_coverage.py --write\n")
            return 1
        return 0
    README.write_text(new)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
