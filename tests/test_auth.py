"""Sign-in and scenarios per gemeente through the app (AppTest), with a fake identity: ui.auth.current_user is
replaced, st.login is never called, no provider and no network."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from scenarios.measures import Measure, Scenario
from scenarios.store import ScenarioStore
from tests.factories import REPO, base_tables, give_work, work_of
from ui import auth

TIMEOUT = 180
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test", "client_id": "x",
        "client_secret": "y", "server_metadata_url": "https://login.example/.well-known/openid-configuration"}
GRIP = {"beheerders": ["Beheer@Regio.nl"], "gemeenten": {"an@almere.nl": ["Almere"], "lea@lelystad.nl": ["Lelystad"]}}
FILES = {f"{name}.csv": text.encode("utf-8") for name, text in base_tables().items()}


def plan(naam: str) -> Scenario:
    return Scenario(naam, [Measure(naam="Poortwachter", doel="Begeleiding", hefboom="volume", startjaar=2026,
                                   effect_pct=-10.0)], {})


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The app's shared store on its own folder, with a plan of Almere, one of Lelystad and an old one."""
    from ui import scenario_work

    monkeypatch.setenv("GRIP_DATABASE_URL", f"sqlite://?store={tmp_path.name}")  # a fresh in-memory store
    scenario_work._opened_store.clear()
    shared = ScenarioStore()
    shared.scoped("Almere").save(plan("Almere plan"), "an@almere.nl")
    shared.scoped("Lelystad").save(plan("Lelystad plan"), "lea@lelystad.nl")
    shared.save(plan("Oud plan"), "iemand")  # from before scenarios belonged to a gemeente
    yield shared
    scenario_work._opened_store.clear()


def signed_in(monkeypatch, email: str | None) -> None:
    user = None if email is None else auth.User(email=email, naam=email.split("@")[0].title())
    monkeypatch.setattr(auth, "current_user", lambda: user)


def app(gemeente: str | None = None, configured: bool = True, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    if configured:
        at.secrets["auth"] = AUTH
        at.secrets["grip"] = GRIP
    if gemeente is not None:
        give_work(at, upload=(FILES, gemeente))
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def picker_options(at: AppTest) -> list[str]:
    return list(at.selectbox(key="scenario_picker").options)


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_without_auth_grip_runs_as_today_and_says_it_is_not_protected(store):
    at = app(configured=False)
    assert any("Niet beveiligd: iedereen met deze link kan meekijken" in c for c in captions(at))
    assert "Gegevens in gebruik" in " ".join(m.value for m in at.sidebar.markdown)
    assert not [b for b in at.button if b.label in ("Aanmelden", "Afmelden")] and not at.error


def test_a_secrets_file_that_cannot_be_read_keeps_grip_closed(store, monkeypatch):
    monkeypatch.setattr(auth, "_secrets", lambda: {auth.UNREADABLE: "TOMLDecodeError: regel 3"})
    at = app(configured=False)
    assert any("Grip is gesloten" in e.value and "regel 3" in e.value for e in at.error)
    assert not at.sidebar.markdown and not at.selectbox and not at.button


def test_configured_and_not_signed_in_shows_only_the_sign_in_screen(store, monkeypatch):
    signed_in(monkeypatch, None)
    at = app(gemeente="Almere")
    assert [b.label for b in at.button] == ["Aanmelden"]
    assert [s.value for s in at.subheader] == ["Aanmelden"]
    assert not at.sidebar.markdown and not at.metric and not at.dataframe and not at.selectbox
    assert not any("Niet beveiligd" in c.value for c in at.caption)


def test_a_user_of_almere_sees_only_almeres_scenarios_and_those_without_a_gemeente(store, monkeypatch):
    signed_in(monkeypatch, "an@almere.nl")
    at = app(gemeente="Almere")
    assert any("Aangemeld als An · Almere" in c for c in captions(at))
    assert [b.label for b in at.sidebar.button if b.label == "Afmelden"] == ["Afmelden"]
    options = picker_options(at)
    assert "Almere plan" in options and "Oud plan (zonder gemeente)" in options
    assert not [o for o in options if "Lelystad" in o]


def test_a_user_of_almere_cannot_open_lelystads_data_or_scenarios(store, monkeypatch):
    signed_in(monkeypatch, "an@almere.nl")
    at = app(gemeente="Lelystad")
    assert any("U heeft geen toegang tot de gegevens en scenario's van Lelystad" in e.value for e in at.error)
    assert not [s for s in at.selectbox if s.key == "scenario_picker"]
    assert not at.metric  # the screen ended before any number of Lelystad
    next(b for b in at.button if b.label == "Terug naar de voorbeeldgemeente").click().run()
    assert not at.error and "Lelystad" not in " ".join(picker_options(at))  # a way out, to fictional data


def test_the_author_of_a_saved_version_is_the_signed_in_users_email(store, monkeypatch):
    signed_in(monkeypatch, "an@almere.nl")
    at = app(gemeente="Almere", page="screens/maatregelen.py")
    assert not [t for t in at.text_input if t.key == "auteur"]  # no name to type: the sign-in says who
    at.text_input(key="new_scenario_name").set_value("Almere tweede plan").run()
    next(b for b in at.button if b.label == "Kopie van huidig").click().run()
    next(b for b in at.button if b.label == "Opslaan: 'Almere tweede plan'").click().run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "Gegevens" in d.value.columns).set_index("Scenario")
    assert table.loc["Almere tweede plan", ["Door", "Gemeente", "Gegevens"]].tolist() == [
        "an@almere.nl", "Almere", "deze"]  # saved on the data in use
    assert table.loc["Almere plan", "Gegevens"] == "onbekend"  # saved without a content key
    (saved,) = [s for s in store.scoped("Almere").list() if s.naam == "Almere tweede plan"]
    assert (saved.auteur, saved.gemeente) == ("an@almere.nl", "Almere")
    assert "Almere tweede plan" not in [s.naam for s in store.scoped("Lelystad").list()]


def test_an_administrator_sees_every_gemeente(store, monkeypatch):
    signed_in(monkeypatch, "beheer@regio.nl")  # listed as Beheer@Regio.nl: compared without case
    at = app(gemeente="Lelystad")
    assert not at.error
    assert any("(beheerder)" in c for c in captions(at))
    assert "Lelystad plan" in picker_options(at) and "Almere plan" not in picker_options(at)


def test_a_saved_scenario_of_another_gemeente_is_not_listed_without_sign_in(store):
    at = app(configured=False)  # the sample gemeente: neither Almere's nor Lelystad's plan
    options = picker_options(at)
    assert "Oud plan (zonder gemeente)" in options
    assert not [o for o in options if "Almere" in o or "Lelystad" in o]


def test_who_may_open_what(monkeypatch):
    monkeypatch.setattr(auth, "_secrets", lambda: {"auth": AUTH, "grip": GRIP})
    an, stranger = auth.User("An@Almere.nl", "An"), auth.User("x@elders.nl", "X")
    assert auth.refusal(["Almere"], user=an) is None and auth.refusal(["almere"], user=an) is None
    assert "van Lelystad" in auth.refusal(["Almere", "Lelystad"], user=an)
    assert auth.refusal(["Lelystad"], sample=True, user=an) is None  # the fictional sample is open to all
    assert "nog geen enkele gemeente" in auth.refusal(["Almere"], user=stranger)
    assert auth.permitted_gemeenten(auth.User("beheer@regio.nl", "B")) is None
    monkeypatch.setattr(auth, "_secrets", lambda: {"auth": AUTH, "grip": {"gemeenten": {"*": ["Almere"]}}})
    assert auth.permitted_gemeenten(stranger) == ["Almere"]
    monkeypatch.setattr(auth, "_secrets", lambda: {"auth": AUTH})  # sign-in only: every gemeente
    assert auth.refusal(["Lelystad"], user=stranger) is None
    monkeypatch.setattr(auth, "_secrets", lambda: {})
    assert auth.refusal(["Lelystad"], user=None) is None and auth.author() is None


def test_a_saved_scenario_whose_voorzieningen_the_data_lacks_is_named_not_computed_in_part(store):
    odd = Scenario("Vreemd plan", [
        Measure(naam="Poortwachter", doel="Begeleiding", hefboom="volume", startjaar=2026, effect_pct=-10.0),
        Measure(naam="Schulden eerder", doel="Schuldhulp", hefboom="volume", startjaar=2026, effect_pct=-20.0)], {})
    store.save(odd, "iemand van elders")  # zonder gemeente: visible to every gemeente, made on other data
    at = app(configured=False)
    before = work_of(at).scenario_name
    at.selectbox(key="scenario_picker").set_value("Vreemd plan").run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("Scenario 'Vreemd plan' past niet bij de gegevens van Voorbeeldgemeente (fictief)" in e
               and "Schuldhulp (maatregel 'Schulden eerder')" in e for e in errors), errors
    assert work_of(at).scenario_name == before  # the scenario in use is unchanged
    assert "Vreemd plan" not in work_of(at).scenarios


def test_a_restricted_user_chooses_only_her_gemeenten_of_an_uploaded_region(store, monkeypatch):
    from grip.service import SAMPLE_REGION_PATH as REGION  # three fictional gemeenten, here as an upload

    signed_in(monkeypatch, "bea@beekdal.nl")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.secrets["grip"] = {"gemeenten": {"bea@beekdal.nl": ["Beekdal"]}}
    give_work(at, upload=({p.name: p.read_bytes() for p in sorted(REGION.glob("*.csv"))}, "Mijn regio"))
    at.run()
    assert any("geen toegang tot de gegevens en scenario's van Heuvelrade, Waterhoven" in e.value for e in at.error)
    assert not at.metric
    at.multiselect(key="gemeenten_widget").set_value(["Beekdal"]).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Almere plan" not in picker_options(at)


def accept(naam: str) -> None:
    """A one-page app that accepts the test gemeente's files under `naam` and shows the outcome."""
    import streamlit as st

    from tests.factories import base_tables
    from ui import data_source

    files = {f"{name}.csv": text.encode("utf-8") for name, text in base_tables().items()}
    accepted, problems = data_source.accept_upload(files, naam)
    st.write(f"aanvaard: {accepted}")
    for problem in problems.errors:
        st.error(problem.melding)


@pytest.mark.parametrize("naam, accepted", [("Almere", True), ("Lelystad", False)])
def test_a_restricted_user_may_read_in_data_only_under_her_gemeentes_name(store, monkeypatch, naam, accepted):
    signed_in(monkeypatch, "an@almere.nl")
    at = AppTest.from_function(accept, args=(naam,), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.secrets["grip"] = GRIP
    at.run()
    assert not at.exception, at.exception
    assert at.markdown[0].value == f"aanvaard: {accepted}"
    assert (work_of(at).upload.naam == "Almere") if accepted else work_of(at).upload is None
    if not accepted:
        assert "U heeft geen toegang tot de gegevens en scenario's van Lelystad" in at.error[0].value


def test_sessie_offers_only_this_gemeentes_frozen_scenarios_and_refuses_one_that_does_not_fit(store):
    odd = Scenario("Vreemd plan", [Measure(naam="Schulden eerder", doel="Schuldhulp", hefboom="volume",
                                           startjaar=2026, effect_pct=-20.0)], {})
    store.save(odd, "iemand van elders")
    store.freeze("Vreemd plan")
    store.scoped("Lelystad").freeze("Lelystad plan")
    at = app(configured=False, page="screens/sessie.py")
    picker = at.selectbox(key="sessie_scenario")
    assert list(picker.options) == ["(het gekozen scenario)", "Vreemd plan"]  # not Lelystad's frozen plan
    picker.set_value("Vreemd plan").run()
    assert not at.exception, at.exception
    assert any("past niet bij de gegevens" in e.value and "Schuldhulp" in e.value for e in at.error)
