"""``python -m dateline`` runs the command line."""

from dateline.cli.main import main

main()
