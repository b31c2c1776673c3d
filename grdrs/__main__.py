"""``python -m grdrs``: the command line."""

from .fastcli import main

main()
