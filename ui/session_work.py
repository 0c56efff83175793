"""Where the session keeps its work: one `Workspace` (ui/workspace.py) under one session key.

Screens and ui modules read it with `work()` and change it only with `change(operation, *args)`, which applies one
of the Workspace's named operations and stores the result whole; nothing else writes the work.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

import streamlit as st

from ui import sessions, workspace

KEY = "workspace"


def work() -> workspace.Workspace:
    """This session's work (a fresh one on the first run)."""
    current = st.session_state.get(KEY)
    if not isinstance(current, workspace.Workspace):
        current = st.session_state[KEY] = workspace.Workspace()
    return current


def change(operation: Callable[..., workspace.Workspace], *args, **kwargs) -> workspace.Workspace:
    """Apply one named operation of ui/workspace.py to the session's work; the new work is returned."""
    changed = operation(work(), *args, **kwargs)
    st.session_state[KEY] = changed
    return changed


def make_upload(files: dict[str, bytes], naam: str) -> workspace.Upload:
    """Uploaded files with their content key (the hash is computed once, here)."""
    return workspace.Upload(naam=naam, files=MappingProxyType(dict(files)), key=sessions.content_id(files))


def replace_work(new: workspace.Workspace) -> None:
    """The whole work at once: only when a kept session is opened (ui/session_keeping.py)."""
    st.session_state[KEY] = new
