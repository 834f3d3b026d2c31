"""Subnets: the axon/dendrite protocol and, later, the miner and validator processes.

Importing this package is light on purpose: the HTTP stack (starlette, uvicorn, httpx) and pydantic
load only in the modules that need them, so `btcli --help` stays fast.
"""
