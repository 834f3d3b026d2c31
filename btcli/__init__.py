"""btcli: taonet's command line (Typer + Rich).

Commands are thin: they parse options, call a library (wallet, client, node) and hand the result to
the one output sink (`btcli.output`). Errors go through one translator (`btcli.errors`). Heavy
libraries are imported inside command bodies so that `btcli --help` starts fast.
"""
