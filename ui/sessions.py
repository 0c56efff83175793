"""Work that survives a reload: a session's uploaded files and choices, kept server-side under a random id.

The id travels in the link (`?sessie=<id>`); without it nothing can be read back. Files live in
GRIP_DATA_DIR/sessies/<id>/: `keuzes.json` (choices and the measure packages being edited) and the
uploaded files as `bestand-<n>.bin` (their names only in the JSON, never used as paths). Each
session is bounded in size and the folder keeps at most MAX_SESSIONS sessions (oldest removed first).
No Streamlit here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
MAX_UPLOAD_BYTES = 60 * 1024 * 1024  # the uploader allows 50 MB (.streamlit/config.toml)
MAX_CHOICES_BYTES = 2 * 1024 * 1024
MAX_SESSIONS = 500
MAX_AGE_SECONDS = 90 * 24 * 3600
CHOICES = "keuzes.json"


def new_id() -> str:
    return secrets.token_urlsafe(24)


def valid_id(value) -> bool:
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


def root() -> Path:
    return Path(os.environ.get("GRIP_DATA_DIR", "grip-data")) / "sessies"


def folder(session_id: str) -> Path:
    if not valid_id(session_id):
        raise ValueError("ongeldige sessiecode")
    return root() / session_id


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_choices(session_id: str, choices: dict) -> bool:
    """Write the choices (JSON-able); False when they are too large to keep."""
    data = json.dumps(choices, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if len(data) > MAX_CHOICES_BYTES:
        return False
    target = folder(session_id)
    new = not target.exists()
    _write_atomic(target / CHOICES, data)
    if new:
        prune()
    return True


def content_id(files: dict[str, bytes]) -> str:
    """A short hash of uploaded files' names and contents (a cache key that does not hash megabytes each time
    a cached function is called with them)."""
    digest = hashlib.sha256()
    for name, content in sorted(files.items()):
        digest.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:20]


def save_upload(session_id: str, files: dict[str, bytes], naam: str) -> bool:
    """Keep an accepted upload; False when it is larger than allowed (then it is not kept)."""
    if sum(len(content) for content in files.values()) > MAX_UPLOAD_BYTES:
        return False
    target = folder(session_id)
    for old in target.glob("bestand-*.bin") if target.exists() else []:
        old.unlink()
    names = []
    for number, (name, content) in enumerate(files.items()):
        _write_atomic(target / f"bestand-{number}.bin", content)
        names.append(str(name)[:200])
    _write_atomic(target / "upload.json", json.dumps({"naam": naam, "bestanden": names},
                                                     ensure_ascii=False).encode("utf-8"))
    return True


def forget_upload(session_id: str) -> None:
    target = folder(session_id)
    if target.exists():
        for old in [*target.glob("bestand-*.bin"), target / "upload.json"]:
            old.unlink(missing_ok=True)


def load(session_id: str) -> tuple[dict | None, dict | None]:
    """(choices, upload) of a session, each None when absent or unreadable; upload is {'files', 'naam'}."""
    if not valid_id(session_id):
        return None, None
    target = folder(session_id)
    choices = upload = None
    try:
        choices = json.loads((target / CHOICES).read_text(encoding="utf-8"))
        if not isinstance(choices, dict):
            choices = None
    except (OSError, ValueError):
        choices = None
    try:
        meta = json.loads((target / "upload.json").read_text(encoding="utf-8"))
        files = {name: (target / f"bestand-{number}.bin").read_bytes()
                 for number, name in enumerate(meta["bestanden"])}
        upload = {"files": files, "naam": str(meta["naam"])}
    except (OSError, ValueError, KeyError, TypeError):
        upload = None
    if choices is not None or upload is not None:
        os.utime(target)  # in use: pruned last
    return choices, upload


def prune(keep: int = MAX_SESSIONS, max_age: float = MAX_AGE_SECONDS) -> None:
    """Remove sessions beyond the newest `keep` and those unused for longer than `max_age` seconds."""
    base = root()
    if not base.exists():
        return
    sessions = sorted((p for p in base.iterdir() if p.is_dir() and valid_id(p.name)),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    now = time.time()
    for number, path in enumerate(sessions):
        if number >= keep or now - path.stat().st_mtime > max_age:
            shutil.rmtree(path, ignore_errors=True)
