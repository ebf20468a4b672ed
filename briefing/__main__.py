"""``python -m briefing``: the same command as the ``briefing`` script."""

from briefing.cli import app

# Guarded: worker processes started with "spawn" import the main module again.
if __name__ == "__main__":
    app(prog_name="briefing")
