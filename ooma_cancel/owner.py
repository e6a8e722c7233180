"""Who owns the data being shown: one local owner, a signed-in person, or a private workspace per visitor.

Pure functions (no Streamlit, no database): ``ooma_cancel.ui.session`` feeds them the environment, the secrets,
the server's bind address, ``st.user``, the ``?w=`` query parameter, the app's workspace key and, lazily, what the
database knows (when an identity last signed out; whether an old-style workspace holds cases).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from secrets import token_bytes, token_urlsafe
from typing import Any

LOCAL_OWNER = "local"
MODE_VAR = "OOMA_CANCEL_MODE"
WORKSPACE_PARAM = "w"
WORKSPACE_PREFIX = "ws:"
SIGNIN_PREFIX = "oidc:"
MAX_OWNER = 200  # Case.owner's column width
# What ``workspace_owner`` hashes: any URL-safe string of a sane length (the owner of old and new tokens alike).
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,128}")
# A token the server minted: 256 random bits (43 URL-safe characters), then a 128-bit HMAC-SHA256 of them under
# the app's workspace key (22 characters). Nobody without the key can make one, and one wrong character breaks it.
_RANDOM_CHARS, _CHECK_BYTES = 43, 16
_CHECK_CHARS = 22
_MINTED = re.compile(rf"[A-Za-z0-9_-]{{{_RANDOM_CHARS + _CHECK_CHARS}}}")
# Tokens from before the keyed check: secrets.token_urlsafe(32), exactly 43 characters.
_LEGACY = re.compile(rf"[A-Za-z0-9_-]{{{_RANDOM_CHARS}}}")
_CHECK_LABEL = b"ooma-cancel workspace token v1\x00"
WORKSPACE_KEY_BYTES = 32


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
    token_refused: bool = False  # the link's token is not one the server minted: no workspace, say so
    signed_out: bool = False  # the identity cookie was issued before this identity last signed out


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


def issued_at(user: Mapping[str, Any]) -> datetime | None:
    """When the identity provider issued the ID token behind this sign-in (its ``iat`` claim), if it says.

    Streamlit's identity cookie holds the ID token's claims, ``iat`` among them (Authlib refuses an ID token
    without one), and is written right after the token is issued: ``iat`` is the cookie's issue time.
    """
    value = user.get("iat")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def sign_out_cutoff(user: Mapping[str, Any], now: datetime) -> datetime:
    """The moment a sign-out takes effect: every identity cookie issued before it is refused from then on.

    ``now`` on whole seconds (``iat`` has no fractions: a sign-in right after signing out must not fall before
    it), and always past the signing-out cookie's own ``iat``, even if the provider's clock runs ahead of ours.
    """
    cutoff = now.astimezone(UTC).replace(microsecond=0)
    issued = issued_at(user)
    if issued is not None:
        cutoff = max(cutoff, issued.replace(microsecond=0) + timedelta(seconds=1))
    return cutoff


def new_workspace_key() -> bytes:
    """A fresh secret for the keyed check on workspace tokens (kept once per database)."""
    return token_bytes(WORKSPACE_KEY_BYTES)


def _check(key: bytes, random_part: str) -> str:
    digest = hmac.new(key, _CHECK_LABEL + random_part.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:_CHECK_BYTES]).decode("ascii").rstrip("=")


def new_workspace_token(key: bytes) -> str:
    """A fresh workspace token: 256 random bits and the keyed check that says this server made it."""
    random_part = token_urlsafe(32)
    return random_part + _check(key, random_part)


def is_minted_token(token: str | None, key: bytes) -> bool:
    """Whether ``token`` carries a valid keyed check under ``key`` (compared in constant time)."""
    if not token or not _MINTED.fullmatch(token):
        return False
    random_part, check = token[:_RANDOM_CHARS], token[_RANDOM_CHARS:]
    return hmac.compare_digest(check.encode("ascii"), _check(key, random_part).encode("ascii"))


def is_legacy_token(token: str | None) -> bool:
    """Whether ``token`` has the shape of a link made before tokens carried a check (43 characters)."""
    return token is not None and _LEGACY.fullmatch(token) is not None


def workspace_owner(token: str | None) -> str | None:
    """``ws:<sha256 of the token>``: the token itself is never stored, so the database cannot leak the links."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    return WORKSPACE_PREFIX + hashlib.sha256(token.encode()).hexdigest()


def _never(_owner: str) -> Any:
    return None


def resolve_owner(
    mode: Mode,
    *,
    user: Mapping[str, Any],
    token: str | None,
    key: bytes | None = None,
    signed_out_before: Callable[[str], datetime | None] = _never,
    legacy_workspace_exists: Callable[[str], bool] = _never,
    make_token: Callable[[bytes], str] = new_workspace_token,
) -> Resolution:
    """The owner for this visitor in ``mode``.

    Sign-in: the identity, unless its cookie was issued before the identity last signed out
    (``signed_out_before(owner)``). Workspaces: a token the server minted under ``key``; an old-style token only
    if its workspace already holds cases (``legacy_workspace_exists(owner)``); no token at all gets a new one;
    any other token gets no workspace (``token_refused``), never a silent empty one.
    """
    if mode is Mode.LOCAL:
        return Resolution(mode, LOCAL_OWNER)
    if mode is Mode.SIGNIN:
        owner = signin_owner(user)
        if owner is None:
            return Resolution(mode, None)
        cutoff = signed_out_before(owner)
        if cutoff is not None:
            issued = issued_at(user)
            if issued is None or issued < cutoff:
                return Resolution(mode, None, signed_out=True)
        return Resolution(mode, owner)
    if key is None:
        raise ValueError("workspace mode needs the app's workspace key")
    if not token:
        fresh = make_token(key)
        return Resolution(mode, workspace_owner(fresh), new_token=fresh)
    if is_minted_token(token, key):
        return Resolution(mode, workspace_owner(token))
    if is_legacy_token(token):
        owner = workspace_owner(token)
        if owner is not None and legacy_workspace_exists(owner):
            return Resolution(mode, owner)
    return Resolution(mode, None, token_refused=True)
