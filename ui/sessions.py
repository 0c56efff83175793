"""Work that survives a reload: a session's uploaded files and choices, kept server-side, owned by one browser.

Who may open a session (the choice, and what stops fixation):
- Every browser gets a random secret token in a cookie (`grip_browser`, set once by a small script in
  ui/session_keeping.py, read back through `st.context.cookies`); the server keeps only what it signs.
- A session id is only ever issued by the server: `new_id(token)` = 22 random characters + the first 22
  characters of HMAC-SHA256(server secret, random part | browser token). The secret lives in
  GRIP_DATA_DIR/sessies/.geheim (created once, mode 0600). `issued_to(id, token)` recomputes the signature,
  so an id is "ours" only in the browser it was issued to.
- `open_link(id, token)`: an id issued to this browser opens its session (or fresh defaults under the same
  id when nothing was saved yet, so F5 after a bare visit keeps the link). Any other id is never adopted:
  a session whose owner chose "deel deze sessie" is opened as a copy under a new id of this browser (the
  owner's session never changes by it; the copy is written at its first change, like any new session);
  anything else (another browser's session, an unknown, expired, tampered or chosen id, a folder from
  before this scheme) gives a fresh session under a new id, and the screen says which.
  Planting a link therefore never works: the attacker's id is signed for the attacker's browser, so the
  victim works under an id of her own that the attacker cannot know.
- Every write checks `issued_to` as well, so a chosen id never reaches disk.

What is kept: GRIP_DATA_DIR/sessies/<id>/`keuzes.json` (choices and measure packages being edited, checked
key by key on load by `check_choices`), the uploaded files as `bestand-<n>.bin` (their names only in
`upload.json`, never used as paths) and `sessie.json` ({"versie": n, "gedeeld": bool}).
Two tabs of one session: every write names the version it started from (`base`); under a lock the write
is refused with `SessionConflict` when the kept version differs, else version = base + 1.
Disk: a session is at most MAX_UPLOAD_BYTES of files + MAX_CHOICES_BYTES of choices; all sessions together
at most `quota()` bytes (GRIP_SESSIES_MAX_MB, default 5000): a write that would pass the quota is refused,
never paid for by removing someone else's session. Sessions unused for MAX_AGE_SECONDS (90 days) are
removed (`prune`, on every new session). Nothing is written until a session changes something.
Every failed write raises SessionError with a Dutch message; the caller keeps the work in memory.
No Streamlit here.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ui import workspace

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
RANDOM_CHARS = SIGNATURE_CHARS = 22
COOKIE = "grip_browser"
MAX_UPLOAD_BYTES = 60 * 1024 * 1024  # the uploader allows 50 MB (.streamlit/config.toml)
MAX_CHOICES_BYTES = 2 * 1024 * 1024
DEFAULT_QUOTA_MB = 5000
MAX_AGE_SECONDS = 90 * 24 * 3600
CHOICES, UPLOAD, META, SECRET, LOCK = "keuzes.json", "upload.json", "sessie.json", ".geheim", ".slot"

CONFLICT = ("Deze sessie is intussen in een ander venster gewijzigd; uw laatste wijziging is daarom niet "
            "bewaard (het werk in dit venster blijft staan). Laad de nieuwste versie, of bewaar bewust uw "
            "eigen versie over die van het andere venster heen.")
WRITE_FAILED = ("Uw werk kon niet op de server worden bewaard (de schijf is vol of niet beschrijfbaar). Het "
                "blijft in dit venster beschikbaar, maar na vernieuwen van de pagina is het weg.")
FULL = ("De opslag voor sessies op deze server is vol. Uw werk blijft in dit venster beschikbaar, maar wordt "
        "niet bewaard: na vernieuwen van de pagina is het weg. Vraag de beheerder om ruimte.")
TOO_LARGE = ("Deze bestanden zijn te groot om te bewaren: na vernieuwen van de pagina moet u ze opnieuw "
             "inlezen.")
CHOICES_TOO_LARGE = ("Uw keuzes en maatregelen zijn samen te groot om te bewaren; na vernieuwen van de pagina "
                     "zijn de laatste wijzigingen weg.")
NOT_OURS = "Deze sessie hoort niet bij deze browser; er is niets bewaard."

OPENED = {
    "kopie": ("U werkt in een kopie van een gedeelde sessie: uw wijzigingen komen niet bij de eigenaar van de "
              "link, en die van de eigenaar niet bij u. Uw kopie wordt bewaard zodra u iets wijzigt."),
    "vreemd": ("Deze link hoort bij een sessie die in een andere browser is begonnen en niet is gedeeld (of uw "
               "browser bewaart geen cookies). Grip begint voor u een nieuwe, lege sessie; de gegevens achter "
               "de link blijven bij de eigenaar. Wilt u samenwerken, laat de eigenaar dan 'Deel deze sessie' "
               "aanzetten."),
    "onbekend": ("De sessie uit de link bestaat niet (meer) of is niet door deze server uitgegeven. Grip "
                 "begint een nieuwe sessie."),
}


class SessionError(Exception):
    """A write that did not happen, in Dutch; the work in memory stays."""


class SessionConflict(SessionError):
    """Another window of the same session saved first."""


class SessionTooLarge(SessionError):
    """More than one session may keep."""


# --- ids and browser tokens ---------------------------------------------------------------------------------

def new_token() -> str:
    return secrets.token_urlsafe(32)


def valid_token(value) -> bool:
    return isinstance(value, str) and bool(TOKEN_PATTERN.fullmatch(value))


def valid_id(value) -> bool:
    return isinstance(value, str) and bool(ID_PATTERN.fullmatch(value))  # fullmatch: no trailing newline


def root() -> Path:
    return Path(os.environ.get("GRIP_DATA_DIR", "grip-data")) / "sessies"


_FALLBACK_SECRET = secrets.token_bytes(32)  # when the data folder cannot keep one: ids last until a restart


_SECRETS: dict[Path, bytes] = {}  # read once per data folder


def _secret() -> bytes:
    path = root() / SECRET
    if path not in _SECRETS:
        value = _read_or_make_secret(path)
        if value is _FALLBACK_SECRET:
            return value  # not remembered: the folder may become writable
        _SECRETS[path] = value
    return _SECRETS[path]


def _hex_secret(path: Path) -> bytes | None:
    try:
        value = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return value if len(value) >= 16 else None  # an empty or cut-off file is no secret


def _read_or_make_secret(path: Path) -> bytes:
    if (value := _hex_secret(path)) is not None:
        return value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32))
    except FileExistsError:
        pass  # another process made it first: read theirs
    except OSError:
        return _FALLBACK_SECRET
    return _hex_secret(path) or _FALLBACK_SECRET


def _signature(random_part: str, token: str) -> str:
    mac = hmac.new(_secret(), f"{random_part}|{token}".encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii")[:SIGNATURE_CHARS]


def new_id(token: str) -> str:
    """A fresh session id, signed for the browser holding `token`."""
    random_part = secrets.token_urlsafe(16)[:RANDOM_CHARS]
    return random_part + _signature(random_part, token)


def issued_to(session_id, token) -> bool:
    """Whether this server issued `session_id` to the browser holding `token`."""
    if not (valid_id(session_id) and valid_token(token)) or len(session_id) != RANDOM_CHARS + SIGNATURE_CHARS:
        return False
    return hmac.compare_digest(session_id[RANDOM_CHARS:], _signature(session_id[:RANDOM_CHARS], token))


def folder(session_id: str) -> Path:
    if not valid_id(session_id):
        raise ValueError("ongeldige sessiecode")
    return root() / session_id


# --- writing ------------------------------------------------------------------------------------------------

def quota() -> int:
    try:
        megabytes = float(os.environ.get("GRIP_SESSIES_MAX_MB", DEFAULT_QUOTA_MB))
    except ValueError:
        megabytes = DEFAULT_QUOTA_MB
    return int(megabytes * 1024 * 1024) if math.isfinite(megabytes) and megabytes > 0 else 0


def usage() -> int:
    """Bytes kept by all sessions together."""
    base = root()
    total = 0
    for path in base.glob("*/*") if base.exists() else []:
        with contextlib.suppress(OSError):
            total += path.stat().st_size if path.is_file() else 0
    return total


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_THREAD_LOCK = threading.Lock()


@contextlib.contextmanager
def _locked():
    """One writer at a time: a lock between threads and, through flock, between server processes."""
    with _THREAD_LOCK:
        root().mkdir(parents=True, exist_ok=True)
        with open(root() / LOCK, "a") as handle:
            try:
                import fcntl

                fcntl.flock(handle, fcntl.LOCK_EX)
            except ImportError:  # not on POSIX: the thread lock alone
                pass
            yield


def _read_meta(target: Path) -> dict:
    try:
        meta = json.loads((target / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(meta, dict):
        return {}
    version = meta.get("versie")
    return {"versie": version if isinstance(version, int) and not isinstance(version, bool) and version >= 0
            else 0, "gedeeld": meta.get("gedeeld") is True}


def version(session_id: str) -> int:
    """The kept version of a session (0 when nothing is kept)."""
    return _read_meta(folder(session_id)).get("versie", 0) if valid_id(session_id) else 0


def _commit(session_id: str, token: str, base: int, write, grows: int = 0, shared: bool | None = None) -> int:
    """Run `write(folder)` when the kept version is `base`; the new version. `grows`: bytes the write may add."""
    if not issued_to(session_id, token):
        raise SessionError(NOT_OURS)
    target = folder(session_id)
    try:
        with _locked():
            meta = _read_meta(target) if target.is_dir() else {}
            current = meta.get("versie", 0)
            if current != base:
                raise SessionConflict(CONFLICT)
            new = not target.is_dir()
            if new or grows:
                if usage() + grows + MAX_CHOICES_BYTES > quota():
                    raise SessionError(FULL)
            if new:
                prune()
                target.mkdir(parents=True)
            write(target)
            meta = {"versie": current + 1, "gedeeld": meta.get("gedeeld", False) if shared is None else shared}
            _write_atomic(target / META, json.dumps(meta).encode("utf-8"))
            return current + 1
    except SessionError:
        raise
    except OSError as error:  # a full or read-only disk, a directory where a file belongs, ...
        raise SessionError(WRITE_FAILED) from error


def save_choices(session_id: str, token: str, choices: dict, base: int) -> int:
    """Write the choices (JSON-able); the new version."""
    data = json.dumps(choices, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if len(data) > MAX_CHOICES_BYTES:
        raise SessionTooLarge(CHOICES_TOO_LARGE)
    return _commit(session_id, token, base, lambda target: _write_atomic(target / CHOICES, data))


def content_id(files: dict[str, bytes]) -> str:
    """A short hash of uploaded files' names and contents (a cache key that does not hash megabytes each time
    a cached function is called with them)."""
    digest = hashlib.sha256()
    for name, content in sorted(files.items()):
        digest.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:20]


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _replace_upload(target: Path, files: dict[str, bytes] | None, naam: str = "") -> None:
    """The new files are written first: when that fails, the upload kept before stays whole."""
    staged = []
    try:
        for number, content in enumerate((files or {}).values()):
            staged.append(target / f".nieuw-{number}.bin")
            _write_atomic(staged[-1], content)
    except BaseException:
        for path in staged:
            path.unlink(missing_ok=True)
        raise
    for old in [target / UPLOAD, *target.glob("bestand-*.bin")]:
        _remove(old)
    if files is None:
        return
    for number, path in enumerate(staged):
        _remove(target / f"bestand-{number}.bin")
        os.replace(path, target / f"bestand-{number}.bin")
    names = [str(name)[:200] for name in files]
    _write_atomic(target / UPLOAD, json.dumps({"naam": naam, "bestanden": names}, ensure_ascii=False).encode())


def save_upload(session_id: str, token: str, files: dict[str, bytes], naam: str, base: int) -> int:
    """Keep an accepted upload; the new version. SessionTooLarge when larger than one session may keep."""
    size = sum(len(content) for content in files.values())
    if size > MAX_UPLOAD_BYTES:
        raise SessionTooLarge(TOO_LARGE)
    return _commit(session_id, token, base, lambda target: _replace_upload(target, files, naam), grows=size)


def forget_upload(session_id: str, token: str, base: int) -> int:
    if not (folder(session_id) / UPLOAD).exists() and base == version(session_id):
        return base  # nothing kept: nothing to write
    return _commit(session_id, token, base, lambda target: _replace_upload(target, None))


def set_shared(session_id: str, token: str, shared: bool, base: int) -> int:
    """'Deel deze sessie': whoever opens the link then gets a copy (never this session itself)."""
    return _commit(session_id, token, base, lambda target: None, shared=bool(shared))


# --- reading ------------------------------------------------------------------------------------------------

@dataclass
class Kept:
    """What a session folder holds: choices and upload each None when absent, unreadable or refused."""
    choices: dict | None = None
    upload: dict | None = None  # {'files': {name: bytes}, 'naam': str}
    version: int = 0
    shared: bool = False
    problem: str = ""  # Dutch, when the kept choices were refused


def load(session_id: str, horizons=range(3, 11), families=None) -> Kept:
    """Read a session's folder (no ownership check: see `open_link`)."""
    if not valid_id(session_id) or not folder(session_id).is_dir():
        return Kept()
    target = folder(session_id)
    meta = _read_meta(target)
    kept = Kept(version=meta.get("versie", 0), shared=meta.get("gedeeld", False))
    try:
        raw = json.loads((target / CHOICES).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raw = None
    except (OSError, ValueError):
        raw, kept.problem = None, damaged("het bestand is geen leesbare JSON")
    if raw is not None:
        kept.choices, reason = check_choices(raw, horizons, families)
        if reason:
            kept.problem = damaged(reason)
    try:
        upload = json.loads((target / UPLOAD).read_text(encoding="utf-8"))
        files = {str(name): (target / f"bestand-{number}.bin").read_bytes()
                 for number, name in enumerate(upload["bestanden"])}
        kept.upload = {"files": files, "naam": str(upload["naam"])}
    except (OSError, ValueError, KeyError, TypeError):
        kept.upload = None
    with contextlib.suppress(OSError):
        os.utime(target)  # in use: pruned 90 days from now
    return kept


def damaged(reason: str) -> str:
    return (f"De bewaarde keuzes van deze sessie zijn beschadigd of aangepast ({reason}) en worden niet "
            "gebruikt: Grip begint met de standaardinstellingen.")


def check_choices(data, horizons=range(3, 11), families=None) -> tuple[dict | None, str]:
    """The kept keuzes.json checked as the workspace document it is (ui/workspace.py `check_document`)."""
    return workspace.check_document(data, horizons, families)


@dataclass
class Opening:
    """What a link opens: the session id to use from now on, what to restore, and what to say (Dutch)."""
    session_id: str
    kind: str  # 'eigen' (this browser's), 'kopie' (of a shared one), 'vreemd', 'onbekend', 'nieuw' (no link)
    kept: Kept = field(default_factory=Kept)
    message: str = ""


def open_link(linked, token: str, horizons=range(3, 11), families=None) -> Opening:
    """Open `?sessie=` for the browser holding `token`; never adopts an id that was not issued to it."""
    if linked is None:
        return Opening(new_id(token), "nieuw")
    if issued_to(linked, token):
        kept = load(linked, horizons, families)
        return Opening(linked, "eigen", kept, kept.problem)
    source = folder(linked) if valid_id(linked) else None
    if source is None or not source.is_dir():
        return Opening(new_id(token), "onbekend", message=OPENED["onbekend"])
    if not _read_meta(source).get("gedeeld"):
        return Opening(new_id(token), "vreemd", message=OPENED["vreemd"])
    kept = load(linked, horizons, families)
    kept.version, kept.shared = 0, False  # a new session of this browser: written at its first change
    return Opening(new_id(token), "kopie", kept, " ".join(filter(None, [OPENED["kopie"], kept.problem])))


def prune(max_age: float = MAX_AGE_SECONDS) -> None:
    """Remove sessions unused for longer than `max_age` seconds (never by their number: anonymous visits write
    nothing and cannot push anyone's session out)."""
    base = root()
    if not base.exists():
        return
    now = time.time()
    for path in base.iterdir():
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink() and valid_id(path.name) \
                    and now - path.stat().st_mtime > max_age:
                shutil.rmtree(path, ignore_errors=True)
