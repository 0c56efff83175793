"""Sessions the server owns (ui/sessions.py): ids only issued by the server and bound to one browser, versions per
save, no writes for a visit that changed nothing, pruning by age only, Dutch messages for every failed write."""

from __future__ import annotations

import json
import os
import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import REPO, work_of
from ui import sessions

TIMEOUT = 120


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path, monkeypatch):
    """Sessions of each test in their own folder (the scenario store stays where conftest put it)."""
    monkeypatch.setattr(sessions, "root", lambda: tmp_path / "sessies")
    monkeypatch.delenv("GRIP_SESSIES_MAX_MB", raising=False)
    return tmp_path


def folders() -> list[str]:
    base = sessions.root()
    return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.exists() else []


def files() -> dict[str, bytes]:
    return {"clienten.csv": b"jaar,voorziening,clienten\n2024,Hulp,10\n"}


# --- ids: issued by the server, for one browser ---------------------------------------------------------------

def test_an_id_is_signed_for_the_browser_it_was_issued_to():
    mine, other = sessions.new_token(), sessions.new_token()
    session = sessions.new_id(mine)
    assert sessions.valid_id(session) and len(session) == 44
    assert sessions.issued_to(session, mine)
    assert not sessions.issued_to(session, other)
    assert not sessions.issued_to(session[:-1] + ("A" if session[-1] != "A" else "B"), mine)  # tampered signature
    assert not sessions.issued_to("A" * 44, mine)


@pytest.mark.parametrize("chosen", ["AAAAAAAAAAAAAAAAAAAAAA", "A" * 44, "../scenarios", "%2e%2e%2f", "/etc/passwd",
                                    "A" * 5000, "AAAAAAAAAAAAAAAAAAAAAA\x00", "AAAAAAAAAAAAAAAAAAAAAA\n"])
def test_a_chosen_id_is_never_adopted_and_never_reaches_disk(chosen):
    token = sessions.new_token()
    opening = sessions.open_link(chosen, token)
    assert opening.session_id != chosen and opening.kind == "onbekend"
    assert "bestaat niet (meer)" in opening.message
    assert sessions.issued_to(opening.session_id, token)
    with pytest.raises(sessions.SessionError, match="hoort niet bij deze browser"):
        sessions.save_choices(chosen if sessions.valid_id(chosen) else "A" * 22, token, {"horizon": 5}, 0)
    assert folders() == []
    sessions.save_choices(opening.session_id, token, {"horizon": 5}, 0)
    assert folders() == [opening.session_id]  # only the issued id, never the chosen one


def test_a_trailing_newline_is_no_valid_id():
    session = sessions.new_id(sessions.new_token())
    assert not sessions.valid_id(session + "\n") and not sessions.valid_id(session + "%0A")


def test_the_owners_browser_reopens_its_session_after_a_reload():
    token = sessions.new_token()
    session = sessions.new_id(token)
    version = sessions.save_upload(session, token, files(), "Gemeente A", 0)
    version = sessions.save_choices(session, token, {"horizon": 4}, version)
    opening = sessions.open_link(session, token)
    assert (opening.kind, opening.session_id, opening.message) == ("eigen", session, "")
    assert opening.kept.upload == {"files": files(), "naam": "Gemeente A"}
    assert opening.kept.choices == {"horizon": 4} and opening.kept.version == version == 2


def test_an_issued_id_without_saved_work_keeps_the_link_and_writes_nothing():
    token = sessions.new_token()
    session = sessions.new_id(token)
    opening = sessions.open_link(session, token)
    assert (opening.kind, opening.session_id, opening.kept.choices, opening.kept.upload) == (
        "eigen", session, None, None)
    assert folders() == []


def test_a_second_browser_never_sees_the_first_ones_upload_unless_shared():
    owner, attacker = sessions.new_token(), sessions.new_token()
    session = sessions.new_id(owner)
    sessions.save_upload(session, owner, files(), "Gemeente A", 0)
    opening = sessions.open_link(session, attacker)
    assert opening.kind == "vreemd" and opening.session_id != session
    assert opening.kept.upload is None and opening.kept.choices is None
    assert "andere browser" in opening.message and "Deel deze sessie" in opening.message
    assert folders() == [session]  # nothing written for the second browser


def test_a_shared_session_opens_as_a_copy_that_never_changes_the_owners():
    owner, guest = sessions.new_token(), sessions.new_token()
    session = sessions.new_id(owner)
    version = sessions.save_upload(session, owner, files(), "Gemeente A", 0)
    version = sessions.save_choices(session, owner, {"horizon": 6}, version)
    sessions.set_shared(session, owner, True, version)
    opening = sessions.open_link(session, guest)
    assert opening.kind == "kopie" and opening.session_id != session
    assert sessions.issued_to(opening.session_id, guest)
    assert opening.kept.upload["files"] == files() and opening.kept.choices == {"horizon": 6}
    assert "kopie van een gedeelde sessie" in opening.message
    assert folders() == [session] and opening.kept.version == 0  # the copy is written at its first change
    sessions.save_choices(opening.session_id, guest, {"horizon": 3}, opening.kept.version)
    assert sessions.load(session).choices == {"horizon": 6}  # the owner's session is untouched
    assert not sessions.load(opening.session_id).shared  # a copy is not shared onwards by itself


def test_fixation_a_planted_shared_link_gives_the_victim_an_id_the_attacker_cannot_know():
    attacker, victim = sessions.new_token(), sessions.new_token()
    planted = sessions.new_id(attacker)
    sessions.set_shared(planted, attacker, True, 0)
    opening = sessions.open_link(planted, victim)
    sessions.save_upload(opening.session_id, victim, {"geheim.csv": b"vertrouwelijk"}, "Slachtoffer",
                         opening.kept.version)
    assert sessions.open_link(planted, attacker).kept.upload is None  # the attacker's own id holds nothing of hers
    assert sessions.open_link(opening.session_id, attacker).kind == "vreemd"  # and her id does not open for him


# --- versions: two tabs of one session -------------------------------------------------------------------------

def test_a_save_on_a_stale_version_is_refused_in_dutch():
    token = sessions.new_token()
    session = sessions.new_id(token)
    first = sessions.save_choices(session, token, {"horizon": 5}, 0)
    tab_a = tab_b = first
    tab_b = sessions.save_choices(session, token, {"horizon": 6}, tab_b)  # tab B switches something
    with pytest.raises(sessions.SessionConflict, match="intussen in een ander venster gewijzigd"):
        sessions.save_choices(session, token, {"horizon": 7}, tab_a)  # tab A, still on the old state
    with pytest.raises(sessions.SessionConflict):
        sessions.save_upload(session, token, files(), "A", tab_a)
    assert sessions.load(session).choices == {"horizon": 6} and tab_b == 2 == sessions.version(session)
    assert sessions.save_choices(session, token, {"horizon": 7}, sessions.version(session)) == 3  # deliberate


# --- what is written, and what is pruned -----------------------------------------------------------------------

def test_pruning_is_by_age_only_and_1000_new_sessions_leave_an_earlier_one_intact():
    token = sessions.new_token()
    earlier = sessions.new_id(token)
    sessions.save_choices(earlier, token, {"horizon": 5}, 0)
    old = sessions.new_id(token)
    sessions.save_choices(old, token, {"horizon": 5}, 0)
    long_ago = time.time() - sessions.MAX_AGE_SECONDS - 3600
    os.utime(sessions.folder(old), (long_ago, long_ago))
    for _ in range(1000):
        visitor = sessions.new_token()
        sessions.open_link(None, visitor)  # a bare visit: an id, nothing written
    assert folders() == sorted([earlier, old])
    for _ in range(30):  # sessions that did save something prune by age, never by their number
        visitor = sessions.new_token()
        sessions.save_choices(sessions.new_id(visitor), visitor, {"horizon": 5}, 0)
    assert earlier in folders() and old not in folders() and len(folders()) == 31
    assert sessions.load(earlier).choices == {"horizon": 5}


def test_a_full_quota_refuses_new_work_instead_of_removing_anyones(monkeypatch):
    token = sessions.new_token()
    first = sessions.new_id(token)
    sessions.save_upload(first, token, {"a.csv": b"x" * 200_000}, "A", 0)
    monkeypatch.setenv("GRIP_SESSIES_MAX_MB", "2.2")
    with pytest.raises(sessions.SessionError, match="opslag voor sessies op deze server is vol"):
        sessions.save_upload(sessions.new_id(token), token, {"b.csv": b"y" * 200_000}, "B", 0)
    assert sessions.load(first).upload["files"]["a.csv"] == b"x" * 200_000


def test_a_failed_write_is_a_dutch_message_never_a_traceback(own_data_dir):
    token = sessions.new_token()
    session = sessions.new_id(token)
    version = sessions.save_choices(session, token, {"horizon": 5}, 0)
    (sessions.folder(session) / "bestand-0.bin").mkdir()  # a directory where the upload belongs: replaced
    (sessions.folder(session) / "bestand-0.bin" / "x").write_text("x")
    version = sessions.save_upload(session, token, files(), "A", version)
    assert sessions.load(session).upload["files"] == files()
    blocked = sessions.new_id(token)
    sessions.root().joinpath(blocked).write_text("een bestand waar een map hoort")  # FileExistsError
    with pytest.raises(sessions.SessionError, match="kon niet op de server worden bewaard"):
        sessions.save_upload(blocked, token, files(), "B", 0)


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), PermissionError(13, "Read-only"),
                                     FileExistsError(17, "File exists")])
def test_a_full_or_read_only_disk_is_a_dutch_message_and_keeps_what_was_kept(monkeypatch, failure):
    token = sessions.new_token()
    session = sessions.new_id(token)
    version = sessions.save_upload(session, token, files(), "A", 0)

    def fail(path, data):
        raise failure

    original = sessions._write_atomic
    monkeypatch.setattr(sessions, "_write_atomic", fail)
    for write in (lambda: sessions.save_upload(session, token, {"b.csv": b"b"}, "B", version),
                  lambda: sessions.save_choices(session, token, {"horizon": 5}, version),
                  lambda: sessions.set_shared(session, token, True, version)):
        with pytest.raises(sessions.SessionError, match="kon niet op de server worden bewaard"):
            write()
    monkeypatch.setattr(sessions, "_write_atomic", original)
    assert sessions.load(session).upload["naam"] == "A"
    assert sessions.version(session) == version  # a failed write is no new version


def test_too_large_is_refused_before_anything_is_written():
    token = sessions.new_token()
    with pytest.raises(sessions.SessionTooLarge, match="te groot om te bewaren"):
        sessions.save_upload(sessions.new_id(token), token, {"a": b"x" * (sessions.MAX_UPLOAD_BYTES + 1)}, "A", 0)
    with pytest.raises(sessions.SessionTooLarge, match="te groot om te bewaren"):
        sessions.save_choices(sessions.new_id(token), token, {"gegevens": "x" * sessions.MAX_CHOICES_BYTES}, 0)
    assert folders() == []


# --- tampered keuzes.json --------------------------------------------------------------------------------------

@pytest.mark.parametrize("tampered, reason", [
    ({"gemeenten": 5}, "'gemeenten' moet een lijst namen van gemeenten zijn"),
    ({"horizon": 99}, "'horizon' moet een horizon van 3 tot en met 10 jaar zijn"),
    ({"horizon": "5"}, "'horizon' moet een horizon"),
    ({"horizon": True}, "'horizon' moet een horizon"),
    ({"onbekend": 1}, "onbekende sleutel 'onbekend'"),
    ({"excluded_years": ["2020"]}, "'excluded_years' moet een lijst jaartallen zijn"),
    ({"models": ["auto"]}, "'models' moet een lijst modelkeuzes zijn"),
    ({"continuation_pct": 1e308 * 10}, "'continuation_pct' moet leeg of een percentage"),
    ({"scenarios": {"a": 5}}, "'scenarios' moet een lijst scenario's zijn"),
    ({"saved_versions": {"a": "1"}}, "'saved_versions' moet een lijst versienummers zijn"),
    ([1, 2], "geen lijst van keuzes"),
    ({"models": {"Jeugdhulp": "bestaat-niet"}}, "onbekend model 'bestaat-niet'"),
])
def test_tampered_choices_are_refused_with_a_dutch_reason(tampered, reason):
    token = sessions.new_token()
    session = sessions.new_id(token)
    sessions.save_choices(session, token, {"horizon": 5}, 0)
    (sessions.folder(session) / sessions.CHOICES).write_text(json.dumps(tampered), encoding="utf-8")
    opening = sessions.open_link(session, token, families=("auto", "flat"))
    assert opening.kept.choices is None
    assert reason in opening.message and "standaardinstellingen" in opening.message


def test_unreadable_choices_are_refused_too():
    token = sessions.new_token()
    session = sessions.new_id(token)
    sessions.save_choices(session, token, {"horizon": 5}, 0)
    (sessions.folder(session) / sessions.CHOICES).write_bytes(b"{\xff")
    assert "geen leesbare JSON" in sessions.open_link(session, token).message


# --- through the app (AppTest; the browser's cookie is simulated by its token in session state) ---------------

def app_with(token: str, session: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.session_state["_browser_token"] = token
    if session is not None:
        at.query_params["sessie"] = session
    return at


def test_a_bare_visit_writes_nothing_and_says_the_session_is_this_browsers():
    at = app_with(sessions.new_token())
    at.run()
    assert not at.exception, at.exception
    at.run()  # a second run that changes nothing
    assert folders() == [], "a visit that changed nothing wrote a session folder"
    assert sessions.valid_id(at.session_state["sessie_id"])
    assert any("alleen in deze browser" in c.value for c in at.sidebar.caption)


def test_the_app_refuses_a_tampered_choices_file_with_defaults_and_a_dutch_message():
    token = sessions.new_token()
    session = sessions.new_id(token)
    sessions.save_choices(session, token, {"horizon": 5}, 0)
    (sessions.folder(session) / sessions.CHOICES).write_text('{"gemeenten": 5, "horizon": 99}', encoding="utf-8")
    models = sessions.new_id(token)
    sessions.save_choices(models, token, {"models": {"Jeugdhulp": "bestaat-niet"}}, 0)
    other = app_with(token, models)
    other.run()
    assert not other.exception, other.exception
    assert any("onbekend model" in w.value for w in other.warning) and "models" not in other.session_state
    at = app_with(token, session)
    at.run()
    assert not at.exception, at.exception
    assert any("beschadigd of aangepast" in w.value for w in at.warning)
    assert at.session_state["sessie_id"] == session and "horizon" not in at.session_state


def test_the_app_shows_the_two_tab_conflict_and_keeps_the_work_in_memory():
    token = sessions.new_token()
    session = sessions.new_id(token)
    sessions.save_choices(session, token, {"horizon": 5}, 0)
    at = app_with(token, session)
    at.run()
    sessions.save_choices(session, token, {"horizon": 6}, 1)  # the other tab saves first
    at.selectbox(key="horizon_widget").set_value(7).run()
    assert not at.exception, at.exception
    assert any("intussen in een ander venster gewijzigd" in w.value for w in at.warning)
    assert work_of(at).horizon == 7  # the work in this window stays
    assert sessions.load(session).choices == {"horizon": 6}  # and the other window's save is not overwritten
    at.button(key="sessie_mijne").click().run()
    assert not at.exception, at.exception
    assert sessions.load(session).choices["horizon"] == 7
    assert not any("intussen in een ander venster" in w.value for w in at.warning)


def test_a_second_browser_gets_a_fresh_session_and_the_screen_says_why():
    owner = sessions.new_token()
    session = sessions.new_id(owner)
    version = sessions.save_upload(session, owner, files(), "Gemeente Geheim", 0)
    sessions.save_choices(session, owner, {"horizon": 4, "gegevens": "Gemeente Geheim"}, version)
    at = app_with(sessions.new_token(), session)
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["sessie_id"] != session
    assert not any("Gemeente Geheim" in m.value for m in at.sidebar.markdown)
    assert any("andere browser" in w.value for w in at.warning)


def test_a_save_the_server_cannot_keep_is_said_in_dutch_and_the_work_stays(monkeypatch):
    monkeypatch.setenv("GRIP_SESSIES_MAX_MB", "0.001")  # no room for a new session
    at = app_with(sessions.new_token())
    at.run()
    at.selectbox(key="horizon_widget").set_value(7).run()
    assert not at.exception, at.exception
    assert any("opslag voor sessies op deze server is vol" in w.value for w in at.warning)
    assert work_of(at).horizon == 7 and folders() == []
    at.run()  # the same state is not tried again on every run
    assert not at.exception, at.exception


def test_after_a_conflict_the_newest_version_can_be_loaded_instead():
    token = sessions.new_token()
    session = sessions.new_id(token)
    sessions.save_choices(session, token, {"horizon": 5}, 0)
    at = app_with(token, session)
    at.run()
    sessions.save_choices(session, token, {"horizon": 6}, 1)  # the other tab
    at.selectbox(key="horizon_widget").set_value(7).run()
    at.button(key="sessie_nieuwste").click().run()
    assert not at.exception, at.exception
    assert work_of(at).horizon == 6 and at.selectbox(key="horizon_widget").value == 6
    assert not any("intussen in een ander venster" in w.value for w in at.warning)
    assert sessions.load(session).choices == {"horizon": 6}


def test_the_owner_shares_and_a_second_browser_gets_a_copy_it_is_told_about():
    owner = sessions.new_token()
    at = app_with(owner)
    at.run()
    at.toggle(key="sessie_delen_widget").set_value(True).run()
    assert not at.exception, at.exception
    session = at.session_state["sessie_id"]
    assert sessions.load(session).shared
    assert any("Gedeeld: wie de link opent, krijgt een kopie" in c.value for c in at.sidebar.caption)
    at.selectbox(key="horizon_widget").set_value(4).run()
    guest = app_with(sessions.new_token(), session)
    guest.run()
    assert not guest.exception, guest.exception
    assert guest.session_state["sessie_id"] != session and work_of(guest).horizon == 4
    assert any("kopie van een gedeelde sessie" in i.value for i in guest.info)
    guest.selectbox(key="horizon_widget").set_value(8).run()
    assert sessions.load(session).choices["horizon"] == 4  # the owner's session is untouched


def test_a_copy_of_a_shared_session_keeps_the_upload_from_its_first_change_on():
    owner, guest_token = sessions.new_token(), sessions.new_token()
    session = sessions.new_id(owner)
    version = sessions.save_upload(session, owner, files(), "Gemeente Gedeeld", 0)
    sessions.set_shared(session, owner, True, version)
    guest = app_with(guest_token, session)
    guest.run()
    copy = guest.session_state["sessie_id"]
    assert folders() == [session]  # opening the link wrote nothing
    guest.selectbox(key="horizon_widget").set_value(4).run()
    kept = sessions.open_link(copy, guest_token)
    assert kept.kind == "eigen" and kept.kept.upload == {"files": files(), "naam": "Gemeente Gedeeld"}
    assert kept.kept.choices["horizon"] == 4 and kept.kept.version == 2


def test_the_server_secret_is_kept_private_and_survives_a_restart():
    token = sessions.new_token()
    session = sessions.new_id(token)
    secret = sessions.root() / sessions.SECRET
    assert secret.exists() and (secret.stat().st_mode & 0o777) == 0o600
    sessions._SECRETS.clear()  # as after a restart of the server
    assert sessions.issued_to(session, token)
    secret.write_text("")  # an empty secret is never used as a key
    sessions._SECRETS.clear()
    assert not sessions.issued_to(session, token)
