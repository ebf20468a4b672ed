"""``python -m briefing``: the same command as the ``briefing`` script."""

from briefing.cli import app

app(prog_name="briefing")
