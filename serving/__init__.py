"""Guards for taonet's HTTP servers, shared by the node's RPC and the axons of miners: connection
limits on uvicorn's h11 protocol (`serving.http_guard`) and client faults as one rate-limited log
line (`serving.faults`). A base library, like `wallet`: any layer may use it, it imports none."""
