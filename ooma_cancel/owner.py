"""Who owns the data being shown: one local owner, a signed-in person, or a private workspace per visitor.

Pure functions (no Streamlit): ``ooma_cancel.ui.session`` feeds them the environment, the secrets, the server's
bind address, ``st.user`` and the ``?w=`` query parameter.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from secrets import token_urlsafe
from typing import Any

LOCAL_OWNER = "local"
MODE_VAR = "OOMA_CANCEL_MODE"
WORKSPACE_PARAM = "w"
WORKSPACE_PREFIX = "ws:"
SIGNIN_PREFIX = "oidc:"
MAX_OWNER = 200  # Case.owner's column width
# secrets.token_urlsafe(32): 256 random bits in 43 URL-safe characters; shorter tokens are refused (≥128 bits).
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,128}")


class Mode(StrEnum):
    LOCAL = "local"  # one owner, no sign-in: the app runs on the person's own machine
    WORKSPACE = "workspace"  # shared without sign-in: each visitor gets a private workspace by link
    SIGNIN = "signin"  # shared with an identity provider (OIDC via st.login)


class ConfigError(ValueError):
    """The configuration asks for something that cannot be done safely (the app must stop, not guess)."""


@dataclass(frozen=True)
class Resolution:
    """The outcome of owner resolution for one visitor."""

    mode: Mode
    owner: str | None  # None: sign-in is required and nobody is signed in
    new_token: str | None = None  # a workspace token just made: put it in the URL so the resume link works
    token_refused: bool = False  # the URL carried a token that is not one of ours


def auth_configured(secrets: Mapping[str, Any]) -> bool:
    """Whether ``[auth]`` in secrets names an identity provider (directly, or as ``[auth.<name>]``)."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping):
        return False
    if auth.get("client_id") and auth.get("server_metadata_url"):
        return True
    return any(
        isinstance(section, Mapping) and section.get("client_id") and section.get("server_metadata_url")
        for section in auth.values()
    )


def is_loopback(address: str | None) -> bool:
    """True when the server listens on this machine only (``make run`` binds ``localhost``)."""
    if not address:
        return False  # unset: Streamlit listens on every interface
    host = address.strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_mode(*, env: Mapping[str, str], secrets: Mapping[str, Any], server_address: str | None) -> Mode:
    """The mode from ``OOMA_CANCEL_MODE`` (env, then secrets), else sign-in if configured, else local only on
    localhost; anything reachable by others that was not told otherwise gets private workspaces."""
    told = (env.get(MODE_VAR) or str(secrets.get(MODE_VAR) or "")).strip().lower()
    if told:
        try:
            mode = Mode(told)
        except ValueError:
            choices = ", ".join(m.value for m in Mode)
            raise ConfigError(f"{MODE_VAR}={told!r} is not one of: {choices}.") from None
        if mode is Mode.SIGNIN and not auth_configured(secrets):
            raise ConfigError(
                f"{MODE_VAR}=signin needs an [auth] section with client_id and server_metadata_url in secrets."
            )
        return mode
    if auth_configured(secrets):
        return Mode.SIGNIN
    if is_loopback(server_address):
        return Mode.LOCAL
    return Mode.WORKSPACE


def signin_owner(user: Mapping[str, Any]) -> str | None:
    """``oidc:<issuer>|<subject>`` for a signed-in user (stable per person and provider), else None."""
    if not user.get("is_logged_in"):
        return None
    issuer, subject = str(user.get("iss") or "").strip(), str(user.get("sub") or "").strip()
    if not issuer or not subject:
        return None
    owner = f"{SIGNIN_PREFIX}{issuer}|{subject}"
    if len(owner) > MAX_OWNER:
        # Still one owner per identity, within the column's width.
        owner = SIGNIN_PREFIX + "sha256:" + hashlib.sha256(owner.encode()).hexdigest()
    return owner


def new_workspace_token() -> str:
    """A fresh, unguessable workspace token (256 bits)."""
    return token_urlsafe(32)


def workspace_owner(token: str | None) -> str | None:
    """``ws:<sha256 of the token>``: the token itself is never stored, so the database cannot leak the links."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    return WORKSPACE_PREFIX + hashlib.sha256(token.encode()).hexdigest()


def resolve_owner(
    mode: Mode,
    *,
    user: Mapping[str, Any],
    token: str | None,
    make_token: Callable[[], str] = new_workspace_token,
) -> Resolution:
    """The owner for this visitor in ``mode``; a workspace visitor without a valid token gets a new one."""
    if mode is Mode.LOCAL:
        return Resolution(mode, LOCAL_OWNER)
    if mode is Mode.SIGNIN:
        return Resolution(mode, signin_owner(user))
    owner = workspace_owner(token)
    if owner is not None:
        return Resolution(mode, owner)
    fresh = make_token()
    return Resolution(mode, workspace_owner(fresh), new_token=fresh, token_refused=bool(token))
