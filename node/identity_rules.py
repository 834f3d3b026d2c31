"""Identity fields and their size limits, as the real chain's `is_valid_identity` and
`is_valid_subnet_identity` check them (pallets/subtensor utils/identity.rs).

Pure (no I/O), shared by the runtime (node.runtime.identity) and the client's preflight, so a
command refuses before signing exactly what the chain would refuse. Limits are in bytes of the
UTF-8 text, as the chain counts a `Vec<u8>`.

ChainIdentityV2 (a coldkey's identity, storage IdentitiesV2):
    name 256, url 256, github_repo 256, image 1024, discord 256, description 1024, additional 1024;
    name + url + image + discord + description + additional ≤ 4096 (github_repo is not counted).
SubnetIdentityV3 (a subnet's identity, storage SubnetIdentitiesV3):
    subnet_name 256, github_repo 1024, subnet_contact 1024, subnet_url 1024, discord 256,
    description 1024, logo_url 1024, additional 1024;
    subnet_name + github_repo + subnet_contact ≤ 6656 (the chain sums only those three).
"""
from __future__ import annotations

from collections.abc import Mapping

CHAIN_IDENTITY: dict[str, int] = {"name": 256, "url": 256, "github_repo": 256, "image": 1024, "discord": 256,
                                  "description": 1024, "additional": 1024}
CHAIN_TOTAL = (("name", "url", "image", "discord", "description", "additional"), 4096)

SUBNET_IDENTITY: dict[str, int] = {"subnet_name": 256, "github_repo": 1024, "subnet_contact": 1024, "subnet_url": 1024,
                                   "discord": 256, "description": 1024, "logo_url": 1024, "additional": 1024}
SUBNET_TOTAL = (("subnet_name", "github_repo", "subnet_contact"), 6656)

MAX_ARG_CHARS = 4096  # what a call's argument schema takes before the byte limits above are checked


def _size(value: str) -> int:
    return len(value.encode("utf-8", "surrogatepass"))


def invalid(values: Mapping[str, str], limits: Mapping[str, int], total: tuple[tuple[str, ...], int]) -> str | None:
    """A sentence naming the first field over its limit (or the sum over the total), else None."""
    for name, most in limits.items():
        size = _size(values.get(name, ""))
        if size > most:
            return f"{name} is {size} bytes, more than the chain's {most}"
    summed, most = sum(_size(values.get(n, "")) for n in total[0]), total[1]
    if summed > most:
        return f"{' + '.join(total[0])} are {summed} bytes together, more than the chain's {most}"
    return None


def chain_identity_problem(values: Mapping[str, str]) -> str | None:
    return invalid(values, CHAIN_IDENTITY, CHAIN_TOTAL)


def subnet_identity_problem(values: Mapping[str, str]) -> str | None:
    return invalid(values, SUBNET_IDENTITY, SUBNET_TOTAL)
