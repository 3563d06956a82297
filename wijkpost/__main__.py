from wijkpost.cli import run

run()
