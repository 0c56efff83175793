"""Keeping the session's work under the link: the browser token, the session id, saving and restoring the
workspace document (ui/workspace.py, ui/sessions.py), sharing, and what the screen says about a refused save.
"""

from __future__ import annotations

import dataclasses
import json

import streamlit as st

from ui import sessions, workspace
from ui.choices import HORIZONS, MODEL_OPTIONS
from ui.session_work import make_upload, replace_work, work

COOKIE_SCRIPT = ("<script>document.cookie = '{name}={value}; path=/; max-age={age}; SameSite=Lax'"
                 " + (location.protocol === 'https:' ? '; Secure' : '');</script>")


def browser_token() -> str:
    """This browser's secret (the `grip_browser` cookie); a new one on the first visit, written by `keep_token`."""
    token = st.session_state.get("_browser_token")
    if token is None:
        sent = st.context.cookies.get(sessions.COOKIE)
        token = sent if sessions.valid_token(sent) else sessions.new_token()
        st.session_state["_browser_token"] = token
    return token


def keep_token() -> None:
    """Have the browser keep its token in a cookie (read back on the next visit through st.context.cookies).

    Drawn on every run of a browser session that did not send the cookie (the same element each run, so the
    sidebar does not shift); a browser that refuses cookies gets a fresh session after F5, and is told so."""
    token = browser_token()
    if st.context.cookies.get(sessions.COOKIE) != token:
        st.html(COOKIE_SCRIPT.format(name=sessions.COOKIE, value=token, age=400 * 24 * 3600),
                unsafe_allow_javascript=True)  # the token is ours (URL-safe characters only), never user input


def session_id() -> str:
    """This session's id: issued by the server for this browser (never taken from the link as such)."""
    current = st.session_state.get("sessie_id")
    if current is None:
        current = sessions.new_id(browser_token())
        st.session_state["sessie_id"] = current
    return current


def session_version() -> int:
    return int(st.session_state.get("sessie_versie", 0))


def restore_session() -> None:
    """Once per browser session: open the link's session if it is this browser's (or a copy of a shared one)."""
    if st.session_state.get("_session_restored"):
        return
    st.session_state["_session_restored"] = True
    opening = sessions.open_link(st.query_params.get("sessie"), browser_token(), HORIZONS, MODEL_OPTIONS)
    st.session_state["sessie_id"] = opening.session_id
    st.session_state["sessie_versie"] = opening.kept.version
    st.session_state["sessie_gedeeld"] = opening.kept.shared
    st.session_state["sessie_soort"] = opening.kind
    if opening.message:
        st.session_state["sessie_melding"] = opening.message
    kept = opening.kept.upload
    upload = None if kept is None else make_upload(kept["files"], kept["naam"])
    if upload is not None and opening.kind == "kopie":
        st.session_state["_upload_onbewaard"] = True  # kept with the copy's first write
    if upload is None and not opening.kept.choices:
        return  # nothing kept under the link: the work in this window stays
    restored, _ = workspace.from_document(opening.kept.choices or {}, HORIZONS, MODEL_OPTIONS, upload)
    replace_work(dataclasses.replace(restored, opened=work().opened + 1))  # editors start from the kept work
    if opening.kept.choices:
        st.session_state["scenario_linked"] = True  # the kept choice wins over ?scenario=


def _choices_json() -> str:
    return json.dumps(workspace.to_document(work()), ensure_ascii=False, sort_keys=True)


def write_session(write) -> bool:
    """Run a session write; a refused one is remembered for the screen (Dutch) and the work in memory stays."""
    try:
        upload = work().upload
        if st.session_state.get("_upload_onbewaard") and upload is not None:  # a copy's upload, before all else
            st.session_state["sessie_versie"] = sessions.save_upload(session_id(), browser_token(),
                                                                     dict(upload.files), upload.naam,
                                                                     session_version())
        st.session_state.pop("_upload_onbewaard", None)
        st.session_state["sessie_versie"] = write(session_id(), browser_token(), session_version())
    except sessions.SessionConflict as error:
        st.session_state["sessie_conflict"] = str(error)
        return False
    except sessions.SessionError as error:
        st.session_state["sessie_schrijffout"] = str(error)
        return False
    st.session_state.pop("sessie_schrijffout", None)
    return True


def persist(force: bool = False) -> bool:
    """Write this session's choices when they changed since the last write (cheap to call often); True when
    this call's write was refused (the screen must then say so).

    The first call of a browser session only remembers what it would write: a visit that changes nothing
    writes nothing. While another window's save is unresolved (`sessie_conflict`) nothing is written."""
    text = _choices_json()
    if "_persisted" not in st.session_state:
        st.session_state["_persisted"] = text
        return False
    if not force and (text in (st.session_state.get("_persisted"), st.session_state.get("_persist_failed"))
                      or st.session_state.get("sessie_conflict")):
        return False  # unchanged, or this very state was refused already (tried again after the next change)
    if write_session(lambda sid, token, base: sessions.save_choices(sid, token, json.loads(text), base)):
        st.session_state["_persisted"] = text
        st.session_state.pop("_persist_failed", None)
        return False
    st.session_state["_persist_failed"] = text
    return True


def keep_mine() -> None:
    """After a conflict: save this window's work over the other window's (a deliberate choice)."""
    st.session_state.pop("sessie_conflict", None)
    st.session_state["sessie_versie"] = sessions.version(session_id())
    upload = work().upload
    if upload is not None:
        write_session(lambda sid, token, base: sessions.save_upload(sid, token, dict(upload.files), upload.naam,
                                                                    base))
    else:
        write_session(sessions.forget_upload)
    persist(force=True)


def load_newest() -> None:
    """After a conflict: drop this window's unsaved work and open the session as it is kept now."""
    replace_work(workspace.Workspace(opened=work().opened + 1))  # the kept work is read again on the next run
    for key in ("horizon_widget", "_persisted", "_persist_failed", "sessie_conflict", "_session_restored",
                "sessie_melding", "scenario_linked"):
        st.session_state.pop(key, None)
    st.query_params["sessie"] = session_id()


def _share_changed() -> None:
    wanted = bool(st.session_state["sessie_delen_widget"])
    if write_session(lambda sid, token, base: sessions.set_shared(sid, token, wanted, base)):
        st.session_state["sessie_gedeeld"] = wanted


def session_notices() -> None:
    """What the screen must say about this session: how the link was opened, a refused or failed save."""
    if st.session_state.get("sessie_melding"):
        (st.info if st.session_state.get("sessie_soort") == "kopie" else st.warning)(
            st.session_state["sessie_melding"], icon=":material/link:")
    if st.session_state.get("sessie_schrijffout"):
        st.warning(st.session_state["sessie_schrijffout"], icon=":material/save:")
    if st.session_state.get("sessie_conflict"):
        st.warning(st.session_state["sessie_conflict"], icon=":material/sync_problem:")
        newest, mine = st.columns(2)
        newest.button("Nieuwste versie laden", key="sessie_nieuwste", on_click=load_newest,
                      help="Het werk in dit venster vervalt; u ziet wat het andere venster bewaarde.")
        mine.button("Mijn versie bewaren", key="sessie_mijne", on_click=keep_mine,
                    help="Wat het andere venster bewaarde, wordt overschreven door wat u hier ziet.")


def share_toggle() -> None:
    """Sidebar: the owner may share the session (others then get a copy); the caption says which holds."""
    st.session_state["sessie_delen_widget"] = bool(st.session_state.get("sessie_gedeeld"))
    st.toggle("Deel deze sessie", key="sessie_delen_widget", on_change=_share_changed,
              help="Aan: wie deze link opent, krijgt een eigen kopie van uw gegevens en keuzes (uw sessie "
                   "verandert daar niet door). Uit: de link werkt alleen in deze browser.")
    if st.session_state.get("sessie_gedeeld"):
        st.caption("Gedeeld: wie de link opent, krijgt een kopie van uw werk.")
    else:
        st.caption("Uw keuzes en gegevens blijven bewaard onder de link in de adresbalk (ook na vernieuwen), "
                   "alleen in deze browser.")
