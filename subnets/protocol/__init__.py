"""The axon/dendrite wire protocol (spec: shared/spec/axon-protocol.md).

Modules, one concept each:
  synapse   the pydantic `Synapse` base class, its JSON bodies and the §4 body hash
  crypto    strict sr25519 signing and verification (no `<Bytes>` wrapping)
  legacy    the bittensor ≤10.5 `bt_header_*` request headers and signature (§2–§5, §7)
  btauth    the btauth/1 request signature (§11) and taonet's response signature
  nonces    a bounded replay store with a two-sided freshness window
  policy    who may call an axon (`CallerPolicy`)
  limits    per-caller token buckets and a priority-ordered concurrency gate
  axon         the server pipeline (a Starlette app); axon_config its tunables and `Caller`
  axon_server  putting an axon on a socket with uvicorn (in a loop or a thread)
  http11       a small bounded HTTP/1.1 client (asyncio + h11)
  dendrite     the async client that queries many axons at once

Nothing heavy is imported here.
"""
