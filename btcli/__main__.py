from btcli.main import run

run()
