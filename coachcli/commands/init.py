"""`coach init`: create the home, a commented config.yaml and an empty store."""

from __future__ import annotations

from coachcli.commands._common import home


def init() -> None:
    """Create the data home, a default config.yaml and an empty store; safe to run again.

    Example: coach init
    """
    from coachcli.services.home import init_home
    from coachcli.ui.render import message

    ready = init_home(home())
    done = [
        f"config {'created' if ready.created_config else 'kept'}: {ready.config}",
        f"store {'created' if ready.created_store else 'kept'}: {ready.store}",
    ]
    message(f"coach home ready at {ready.home}\n  " + "\n  ".join(done))
