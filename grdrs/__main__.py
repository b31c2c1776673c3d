"""``python -m grdrs``: the command line."""

from .cli import main

main()
