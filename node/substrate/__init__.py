"""The node's Substrate façade: it answers the real bittensor clients (btcli, the SDK) as a subtensor
node running spec 461 would, next to taonet's own JSON-RPC.

Modules: `metadata` (the runtime claimed, its metadata shipped in `data/`), `codec` (SCALE of that
runtime, one cached object: `codec()`); the transport, storage map, runtime APIs and extrinsic
ingestion build on them. Nothing here is imported when the node starts unless the façade is used:
the SCALE library loads on the first `codec()` call.
"""
