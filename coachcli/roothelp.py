"""The root `coach --help`, pre-rendered so that it needs no Typer import (~0.1 s).

Served by `coachcli.__main__` for `coach --help` / `coach -h` on terminals of 80 columns or
more (where Click renders exactly this); narrower ones get Typer's own rendering. A test
compares this text with Typer's output, so it cannot drift: when it fails, paste the text the
test prints here.
"""

ROOT_HELP = """\
"""
