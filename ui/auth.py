"""Sign-in for a shared installation: who is signed in, and which gemeenten she may open.

Configured in `.streamlit/secrets.toml` by the installer (README, "Aanmelden (gedeelde installatie)"):

- `[auth]` (Streamlit's st.login, any OpenID Connect provider such as Microsoft Entra ID): when present, Grip
  shows only a Dutch sign-in screen until the user is signed in (st.user.is_logged_in), names her in the sidebar
  with "Afmelden", and her e-mail address is the author of every scenario version she saves. Without `[auth]`
  Grip runs as on one machine and the sidebar says in one line that it is not protected.
- `[grip] beheerders = ["a@x.nl", ...]`: administrators, who may open every gemeente.
- `[grip.gemeenten] "b@x.nl" = ["Almere", ...]`: the gemeenten a user may open; `"*" = [...]` applies to every
  user not listed. When `[grip.gemeenten]` is absent, every signed-in user may open every gemeente. A user who
  is neither an administrator nor listed (and no "*") may open no gemeente.

Allowed(gemeenten) = not configured, or no restrictions, or administrator, or every gemeente of the data in use
is in her list (e-mail addresses and gemeente names compared without case). The fictional sample gemeente and
sample region are open to everyone (nothing confidential; their scenarios are shared practice material).
`current_user()` is the one place that reads st.user, so tests replace it with a fake identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

NOT_PROTECTED = "Niet beveiligd: iedereen met deze link kan meekijken. Zie README voor aanmelden."


@dataclass(frozen=True)
class User:
    email: str
    naam: str


UNREADABLE = "_onleesbaar"  # a secrets file that exists but cannot be read: Grip stays closed, never open


def _secrets() -> Mapping:
    """The installation's secrets; empty when there is no secrets.toml at all."""
    try:
        return st.secrets.to_dict() if len(st.secrets) else {}
    except Exception as error:  # noqa: BLE001 - no file: unprotected as on one machine; a broken file: closed
        if getattr(error, "error_id", None) == "no-secrets-found":
            return {}
        return {UNREADABLE: f"{type(error).__name__}: {error}"}


def configured() -> bool:
    """Sign-in is required: secrets.toml has an [auth] section (or a secrets file that cannot be read)."""
    secrets = _secrets()
    return UNREADABLE in secrets or isinstance(secrets.get("auth"), Mapping)


def current_user() -> User | None:
    """The signed-in user (st.user), or None."""
    if not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or st.user.get("preferred_username") or "").strip()
    return User(email=email, naam=str(st.user.get("name") or email).strip())


def _grip() -> Mapping:
    grip = _secrets().get("grip")
    return grip if isinstance(grip, Mapping) else {}


def administrators() -> set[str]:
    names = _grip().get("beheerders") or []
    return {str(n).strip().lower() for n in names} if isinstance(names, (list, tuple)) else set()


def is_administrator(user: User | None) -> bool:
    return user is not None and user.email.lower() in administrators()


def permitted_gemeenten(user: User | None = None) -> list[str] | None:
    """The gemeenten the user may open, or None for all of them."""
    if not configured():
        return None
    user = current_user() if user is None else user
    table = _grip().get("gemeenten")
    if not isinstance(table, Mapping) or is_administrator(user):
        return None
    if user is None:
        return []
    by_email = {str(k).strip().lower(): v for k, v in table.items()}
    names = by_email.get(user.email.lower(), by_email.get("*", []))
    return [str(n) for n in names] if isinstance(names, (list, tuple)) else [str(names)]


def refusal(gemeenten: list[str], sample: bool = False, user: User | None = None) -> str | None:
    """Why the user may not open data of these gemeenten (Dutch), or None when she may."""
    if sample:
        return None
    allowed = permitted_gemeenten(user)
    if allowed is None:
        return None
    lowered = {a.strip().lower() for a in allowed}
    outside = [g for g in gemeenten if g.strip().lower() not in lowered]
    if not outside:
        return None
    yours = ", ".join(allowed) if allowed else "nog geen enkele gemeente (vraag de beheerder om toegang)"
    return (f"U heeft geen toegang tot de gegevens en scenario's van {', '.join(outside)}. U mag werken met: "
            f"{yours}. Kies in de zijbalk alleen uw gemeente(n), lees uw eigen gegevens in onder die naam, of ga "
            "terug naar de voorbeeldgemeente.")


def author() -> str | None:
    """The author of a saved version: the signed-in user's e-mail address (None without sign-in)."""
    if not configured():
        return None
    user = current_user()
    return None if user is None else (user.email or user.naam or None)


def _sign_in() -> None:
    try:
        st.login()
    except Exception as error:  # noqa: BLE001 - a missing Authlib or incomplete [auth] is said in Dutch
        st.session_state["aanmelden_fout"] = (
            f"Aanmelden lukt niet: de instellingen onder [auth] in .streamlit/secrets.toml zijn onvolledig of het "
            f"pakket Authlib ontbreekt (zie README, 'Aanmelden'). ({type(error).__name__})")


def gate() -> bool:
    """True when Grip may be shown; otherwise draws the Dutch sign-in screen (one button) and returns False."""
    broken = _secrets().get(UNREADABLE)
    if broken:
        st.title("Grip op het sociaal domein")
        st.error("Grip is gesloten: de instellingen in .streamlit/secrets.toml kunnen niet worden gelezen, dus "
                 "aanmelden kan niet worden ingesteld. Laat de beheerder het bestand herstellen (zie README, "
                 f"'Aanmelden'). ({broken[:300]})")
        return False
    if not configured() or current_user() is not None:
        return True
    st.title("Grip op het sociaal domein")
    st.subheader("Aanmelden")
    st.write("Deze installatie van Grip is gedeeld: meld u aan met uw werkaccount om verder te gaan. U ziet "
             "daarna alleen de gegevens en scenario's van uw eigen gemeente.")
    st.button("Aanmelden", type="primary", key="aanmelden", on_click=_sign_in)
    if st.session_state.get("aanmelden_fout"):
        st.error(st.session_state["aanmelden_fout"])
    return False


def sidebar_line() -> None:
    """Who is signed in with 'Afmelden', or one line saying this installation is not protected."""
    if not configured():
        st.caption(f":material/lock_open: {NOT_PROTECTED}")
        return
    user = current_user()
    if user is None:
        return
    role = " (beheerder)" if is_administrator(user) else ""
    allowed = permitted_gemeenten(user)
    where = "" if allowed is None else f" · {', '.join(allowed) or 'geen gemeente'}"
    st.caption(f":material/account_circle: Aangemeld als {user.naam or user.email}{role}{where}")
    st.button("Afmelden", key="afmelden", on_click=st.logout)
