from wijkpost.cli import main

main()
