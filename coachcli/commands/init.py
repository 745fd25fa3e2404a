"""`coach init`: create the home, a commented config.yaml and an empty store."""

from __future__ import annotations

from coachcli.commands._common import home


def init() -> None:
    """Create the data home, a default config.yaml and an empty store; safe to run again.

    Example: coach init
    """
    from coachcli.inputs.config import DEFAULT_CONFIG_TEXT
    from coachcli.services.config import load_config
    from coachcli.store.files import atomic_write
    from coachcli.store.paths import CONFIG_NAME, ensure_dir
    from coachcli.store.repository import Store
    from coachcli.ui.render import message

    where = ensure_dir(home())
    config = where / CONFIG_NAME
    if config.exists():
        load_config(where)  # an existing config is kept, but a broken one is reported
        created_config = False
    else:
        try:
            atomic_write(config, DEFAULT_CONFIG_TEXT.encode("utf-8"), overwrite=False)
            created_config = True
        except FileExistsError:
            created_config = False
    store = Store(where)
    created_store = not store.exists()
    if created_store:
        with store.write():
            pass
    else:
        store.read()  # refuse to call a corrupt store "ready"
    done = [
        f"config {'created' if created_config else 'kept'}: {config}",
        f"store {'created' if created_store else 'kept'}: {store.path}",
    ]
    message(f"coach home ready at {where}\n  " + "\n  ".join(done))
