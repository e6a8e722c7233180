"""Owner resolution: which mode the app runs in, and whose data a visitor sees."""

import contextlib
import hashlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from ooma_cancel.db import make_engine, migrate, unit_of_work
from ooma_cancel.owner import (
    LOCAL_OWNER,
    MODE_VAR,
    ConfigError,
    Mode,
    auth_configured,
    is_legacy_token,
    is_loopback,
    is_minted_token,
    issued_at,
    new_workspace_token,
    resolve_mode,
    resolve_owner,
    sign_out_cutoff,
    signin_owner,
    workspace_owner,
)
from ooma_cancel.store import owners as owners_store
from ooma_cancel.store.owners import record_sign_out, signed_out_before, workspace_key

AUTH = {
    "auth": {
        "redirect_uri": "https://ooma.example/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "dashboard",
        "client_secret": "s",
        "server_metadata_url": "https://id.example/.well-known/openid-configuration",
    }
}
NAMED_AUTH = {
    "auth": {
        "redirect_uri": "https://ooma.example/oauth2callback",
        "cookie_secret": "x" * 32,
        "google": {"client_id": "c", "client_secret": "s", "server_metadata_url": "https://g.example/.wk"},
    }
}


@pytest.mark.parametrize("address", ["localhost", "127.0.0.1", "127.0.0.2", "::1", "[::1]", " LOCALHOST "])
def test_a_server_bound_to_this_machine_is_local(address):
    assert is_loopback(address)
    assert resolve_mode(env={}, secrets={}, server_address=address) is Mode.LOCAL


ALL_INTERFACES = "0.0.0.0"  # noqa: S104 (what a server reachable by others binds)


@pytest.mark.parametrize("address", [None, "", ALL_INTERFACES, "::", "192.168.1.10", "ooma.example"])
def test_a_server_reachable_by_others_gets_private_workspaces_by_default(address):
    assert not is_loopback(address)
    assert resolve_mode(env={}, secrets={}, server_address=address) is Mode.WORKSPACE


@pytest.mark.parametrize("secrets", [AUTH, NAMED_AUTH])
def test_sign_in_is_used_when_an_identity_provider_is_configured(secrets):
    assert auth_configured(secrets)
    assert resolve_mode(env={}, secrets=secrets, server_address=None) is Mode.SIGNIN
    # ... even on localhost: whoever configured sign-in wants it.
    assert resolve_mode(env={}, secrets=secrets, server_address="localhost") is Mode.SIGNIN


@pytest.mark.parametrize(
    "secrets", [{}, {"auth": {}}, {"auth": {"redirect_uri": "x", "cookie_secret": "y"}}, {"auth": "yes"}]
)
def test_an_incomplete_auth_section_is_not_sign_in(secrets):
    assert not auth_configured(secrets)


def test_the_environment_then_the_secrets_choose_the_mode_explicitly():
    assert resolve_mode(env={MODE_VAR: "local"}, secrets=AUTH, server_address=ALL_INTERFACES) is Mode.LOCAL
    assert resolve_mode(env={}, secrets={MODE_VAR: "Workspace"}, server_address="localhost") is Mode.WORKSPACE
    assert (
        resolve_mode(env={MODE_VAR: "workspace"}, secrets={MODE_VAR: "local"}, server_address=None)
        is Mode.WORKSPACE
    )


def test_an_unknown_mode_or_sign_in_without_a_provider_is_refused_not_guessed():
    with pytest.raises(ConfigError, match="not one of"):
        resolve_mode(env={MODE_VAR: "shared"}, secrets={}, server_address="localhost")
    with pytest.raises(ConfigError, match=r"\[auth\]"):
        resolve_mode(env={MODE_VAR: "signin"}, secrets={}, server_address=None)


def test_a_signed_in_owner_is_the_issuer_and_subject():
    user = {"is_logged_in": True, "iss": "https://id.example", "sub": "248289761001", "email": "a@b.c"}
    assert signin_owner(user) == "oidc:https://id.example|248289761001"
    # The same subject at another provider is another person.
    assert signin_owner({**user, "iss": "https://other.example"}) != signin_owner(user)
    # The e-mail is not the identity: it can change or be reassigned.
    assert signin_owner({**user, "email": "new@b.c"}) == signin_owner(user)


@pytest.mark.parametrize(
    "user",
    [
        {},
        {"email": "test@example.com"},
        {"is_logged_in": False, "iss": "https://id.example", "sub": "1"},
        {"is_logged_in": True, "iss": "https://id.example"},
        {"is_logged_in": True, "sub": "1"},
    ],
)
def test_nobody_signed_in_has_no_owner(user):
    assert signin_owner(user) is None
    assert resolve_owner(Mode.SIGNIN, user=user, token=None).owner is None


def test_a_very_long_identity_still_fits_the_owner_column():
    user = {"is_logged_in": True, "iss": "https://" + "i" * 300, "sub": "s"}
    owner = signin_owner(user)
    assert owner is not None
    assert len(owner) <= 200
    assert owner == signin_owner(dict(user))
    assert owner != signin_owner({**user, "sub": "t"})


KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def test_workspace_tokens_are_unguessable_and_only_their_hash_is_the_owner():
    token = new_workspace_token(KEY)
    assert len(token) == 65  # 256 random bits, then a 128-bit check, URL-safe
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    assert new_workspace_token(KEY) != token
    assert is_minted_token(token, KEY)
    owner = workspace_owner(token)
    assert owner == "ws:" + hashlib.sha256(token.encode()).hexdigest()
    assert token not in owner


def test_only_the_key_that_minted_a_token_accepts_it():
    token = new_workspace_token(KEY)
    assert not is_minted_token(token, OTHER_KEY)  # another database's key: another server's links
    # Anyone can make 65 URL-safe characters; without the key the check does not hold.
    assert not is_minted_token(token[:43] + "A" * 22, KEY)
    assert not is_minted_token(new_workspace_token(OTHER_KEY), KEY)


def one_character_changed(token: str, index: int) -> str:
    return token[:index] + ("B" if token[index] == "A" else "A") + token[index + 1 :]


@pytest.mark.parametrize("index", [0, 20, 42, 43, 50, 64])
def test_a_link_with_one_character_wrong_is_refused_not_a_new_workspace(index):
    token = new_workspace_token(KEY)
    typo = one_character_changed(token, index)
    assert not is_minted_token(typo, KEY)
    resolved = resolve_owner(Mode.WORKSPACE, user={}, token=typo, key=KEY, make_token=new_workspace_token)
    assert resolved.owner is None
    assert resolved.token_refused
    assert resolved.new_token is None


@pytest.mark.parametrize("cut", [1, 22, 43, 64])
def test_a_truncated_or_lengthened_link_is_refused(cut):
    token = new_workspace_token(KEY)
    for mangled in (token[:cut], token + token[:cut]):
        assert not is_minted_token(mangled, KEY)
        assert resolve_owner(Mode.WORKSPACE, user={}, token=mangled, key=KEY).owner is None


@pytest.mark.parametrize(
    "token", ["guess", "a" * 22, "my-own-chosen-workspace-name", "A" * 65, "é" * 65, "a" * 129, "x" * 43]
)
def test_a_chosen_token_opens_nothing(token):
    resolved = resolve_owner(Mode.WORKSPACE, user={}, token=token, key=KEY)
    assert resolved.owner is None
    assert resolved.token_refused


@pytest.mark.parametrize(
    "token", [None, "", "short", "a" * 21, "has spaces in it and is long", "é" * 30, "a" * 129]
)
def test_a_malformed_token_is_no_workspace(token):
    assert workspace_owner(token) is None
    assert not is_minted_token(token, KEY)


def test_a_visitor_without_a_link_gets_a_fresh_workspace():
    fresh = resolve_owner(Mode.WORKSPACE, user={}, token=None, key=KEY)
    assert fresh.new_token is not None
    assert is_minted_token(fresh.new_token, KEY)
    assert fresh.owner == workspace_owner(fresh.new_token)
    assert not fresh.token_refused

    resumed = resolve_owner(Mode.WORKSPACE, user={}, token=fresh.new_token, key=KEY)
    assert resumed.owner == fresh.owner
    assert resumed.new_token is None
    assert resolve_owner(Mode.WORKSPACE, user={}, token="", key=KEY).new_token is not None


def test_an_old_link_opens_its_workspace_only_if_that_workspace_holds_cases():
    old = "Q" * 43  # the shape of a link made before links carried a check
    assert is_legacy_token(old)
    assert not is_minted_token(old, KEY)
    asked = []

    def exists(owner: str) -> bool:
        asked.append(owner)
        return owner == workspace_owner(old)

    kept = resolve_owner(Mode.WORKSPACE, user={}, token=old, key=KEY, legacy_workspace_exists=exists)
    assert kept.owner == workspace_owner(old)
    assert not kept.token_refused
    # An old-style link nobody used (chosen, or one character off) names no workspace: refused, not created.
    for other in ("R" * 43, one_character_changed(old, 7)):
        refused = resolve_owner(Mode.WORKSPACE, user={}, token=other, key=KEY, legacy_workspace_exists=exists)
        assert refused.owner is None
        assert refused.token_refused
    assert asked == [workspace_owner(t) for t in (old, "R" * 43, one_character_changed(old, 7))]


def test_minted_tokens_never_ask_the_database():
    def boom(_owner: str) -> bool:
        raise AssertionError("a minted token needs no lookup")

    token = new_workspace_token(KEY)
    assert resolve_owner(Mode.WORKSPACE, user={}, token=token, key=KEY, legacy_workspace_exists=boom).owner


def test_workspace_mode_without_a_key_is_a_programming_error():
    with pytest.raises(ValueError, match="key"):
        resolve_owner(Mode.WORKSPACE, user={}, token=None)


# --- Sign-out ends every sign-in of the identity issued before it ----------------------------------------------

SIGNED_IN = {"is_logged_in": True, "iss": "https://id.example", "sub": "alice"}
T0 = datetime(2026, 11, 30, 12, 0, 0, tzinfo=UTC)


def at(moment: datetime) -> dict:
    return {**SIGNED_IN, "iat": int(moment.timestamp())}


def signed_out(cutoff: datetime | None):
    return lambda _owner: cutoff


def test_the_cookie_issue_time_is_the_id_tokens_iat():
    assert issued_at(at(T0)) == T0
    assert issued_at({**SIGNED_IN, "iat": T0.timestamp() + 0.5}) == T0 + timedelta(seconds=0.5)
    for bad in (None, "1764504000", True, float("nan"), float("inf"), 10**20):
        assert issued_at({**SIGNED_IN, "iat": bad}) is None


def test_a_cookie_issued_before_the_sign_out_is_refused_and_a_new_sign_in_is_not():
    cutoff = sign_out_cutoff(at(T0), T0 + timedelta(minutes=5, microseconds=700_000))
    assert cutoff == T0 + timedelta(minutes=5)  # whole seconds, as iat is
    old = resolve_owner(Mode.SIGNIN, user=at(T0), token=None, signed_out_before=signed_out(cutoff))
    assert old.owner is None
    assert old.signed_out
    just_before = at(cutoff - timedelta(seconds=1))
    assert (
        resolve_owner(Mode.SIGNIN, user=just_before, token=None, signed_out_before=signed_out(cutoff)).owner
        is None
    )

    again = resolve_owner(Mode.SIGNIN, user=at(cutoff), token=None, signed_out_before=signed_out(cutoff))
    assert again.owner == signin_owner(SIGNED_IN)
    assert not again.signed_out
    later = at(cutoff + timedelta(hours=1))
    assert resolve_owner(Mode.SIGNIN, user=later, token=None, signed_out_before=signed_out(cutoff)).owner


def test_signing_out_always_covers_the_cookie_that_signed_out_even_with_the_providers_clock_ahead():
    ahead = T0 + timedelta(seconds=30)  # the provider stamped the token 30 s in our future
    cutoff = sign_out_cutoff(at(ahead), T0)
    assert cutoff == ahead + timedelta(seconds=1)
    assert (
        resolve_owner(Mode.SIGNIN, user=at(ahead), token=None, signed_out_before=signed_out(cutoff)).owner
        is None
    )
    # ... and a sign-in in the same second as the sign-out, issued before it, does not survive through rounding.
    assert sign_out_cutoff(at(T0), T0) == T0 + timedelta(seconds=1)


def test_an_identity_that_never_signed_out_is_let_in_with_or_without_an_issue_time():
    assert resolve_owner(Mode.SIGNIN, user=at(T0), token=None, signed_out_before=signed_out(None)).owner
    assert resolve_owner(Mode.SIGNIN, user=SIGNED_IN, token=None, signed_out_before=signed_out(None)).owner
    # Once it signed out, a cookie that does not say when it was issued cannot prove it is newer.
    refused = resolve_owner(Mode.SIGNIN, user=SIGNED_IN, token=None, signed_out_before=signed_out(T0))
    assert refused.owner is None


def test_only_the_identity_that_signed_out_is_refused():
    cutoffs = {signin_owner(SIGNED_IN): T0 + timedelta(hours=1)}
    bob = {**at(T0), "sub": "bob"}
    assert resolve_owner(
        Mode.SIGNIN, user=bob, token=None, signed_out_before=cutoffs.get
    ).owner == signin_owner(bob)
    assert resolve_owner(Mode.SIGNIN, user=at(T0), token=None, signed_out_before=cutoffs.get).owner is None


def test_local_mode_has_one_owner_and_ignores_links_and_users():
    user = {"is_logged_in": True, "iss": "https://id.example", "sub": "1"}
    assert resolve_owner(Mode.LOCAL, user=user, token=new_workspace_token(KEY)).owner == LOCAL_OWNER


# --- What the database keeps: sign-out cut-offs and the workspace key (SQLite and PostgreSQL) ------------------

ALICE_OWNER = "oidc:https://id.example|alice"


def test_a_sign_out_is_kept_per_identity_and_never_moves_back(any_engine):
    with unit_of_work(any_engine) as session:
        assert signed_out_before(session=session, owner=ALICE_OWNER) is None
        assert record_sign_out(session=session, owner=ALICE_OWNER, cookies_before=T0) == T0
    with unit_of_work(any_engine) as session:
        later = T0 + timedelta(hours=2)
        assert record_sign_out(session=session, owner=ALICE_OWNER, cookies_before=later) == later
    with unit_of_work(any_engine) as session:
        # A late-arriving older sign-out (another server, a slow click) does not let older cookies back in.
        assert record_sign_out(session=session, owner=ALICE_OWNER, cookies_before=T0) == later
    with unit_of_work(any_engine) as session:
        assert signed_out_before(session=session, owner=ALICE_OWNER) == T0 + timedelta(hours=2)
        assert signed_out_before(session=session, owner="oidc:https://id.example|bob") is None


def test_the_workspace_key_is_made_once_and_kept(any_engine):
    with unit_of_work(any_engine) as session:
        key = workspace_key(session=session)
    assert len(key) == 32
    with unit_of_work(any_engine) as session:
        assert workspace_key(session=session) == key
    token = new_workspace_token(key)
    with unit_of_work(any_engine) as session:  # a token minted today is still valid after a restart
        assert is_minted_token(token, workspace_key(session=session))


def test_two_servers_making_the_key_at_once_agree_on_one(any_db, monkeypatch):
    # Two engines stand for two app servers on one database; each asks from several threads at once.
    engines = [make_engine(any_db), make_engine(any_db)]
    migrate(engines[0])
    found_none = threading.Barrier(8)
    make_key = owners_store.new_workspace_key

    def make_key_together() -> bytes:
        # Every thread has looked and found no key before any of them inserts one: the race, made certain.
        # (SQLite lets one writer in at a time, so there the first waits in vain and breaks the barrier.)
        with contextlib.suppress(threading.BrokenBarrierError):
            found_none.wait(timeout=2)
        return make_key()

    monkeypatch.setattr(owners_store, "new_workspace_key", make_key_together)

    def first_use(i: int) -> bytes:
        with unit_of_work(engines[i % 2]) as session:
            return workspace_key(session=session)

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            keys = list(pool.map(first_use, range(8)))
        with engines[0].connect() as connection:
            rows = connection.exec_driver_sql("SELECT count(*) FROM appsecret").scalar()
    finally:
        for engine in engines:
            engine.dispose()
    assert len(set(keys)) == 1
    assert rows == 1
