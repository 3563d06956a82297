from wijkpost.console import run

run()
