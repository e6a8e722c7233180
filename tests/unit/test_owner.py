"""Owner resolution: which mode the app runs in, and whose data a visitor sees."""

import hashlib

import pytest

from ooma_cancel.owner import (
    LOCAL_OWNER,
    MODE_VAR,
    ConfigError,
    Mode,
    auth_configured,
    is_loopback,
    new_workspace_token,
    resolve_mode,
    resolve_owner,
    signin_owner,
    workspace_owner,
)

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


def test_workspace_tokens_are_unguessable_and_only_their_hash_is_the_owner():
    token = new_workspace_token()
    assert len(token) >= 43  # 256 random bits, URL-safe
    assert new_workspace_token() != token
    owner = workspace_owner(token)
    assert owner == "ws:" + hashlib.sha256(token.encode()).hexdigest()
    assert token not in owner


@pytest.mark.parametrize(
    "token", [None, "", "short", "a" * 21, "has spaces in it and is long", "é" * 30, "a" * 129]
)
def test_a_malformed_token_is_no_workspace(token):
    assert workspace_owner(token) is None


def test_a_visitor_without_a_valid_link_gets_a_fresh_workspace():
    fresh = resolve_owner(Mode.WORKSPACE, user={}, token=None, make_token=lambda: "N" * 43)
    assert fresh.new_token == "N" * 43
    assert fresh.owner == workspace_owner("N" * 43)
    assert not fresh.token_refused

    refused = resolve_owner(Mode.WORKSPACE, user={}, token="guess", make_token=lambda: "M" * 43)
    assert refused.token_refused
    assert refused.owner == workspace_owner("M" * 43)

    resumed = resolve_owner(Mode.WORKSPACE, user={}, token="N" * 43, make_token=lambda: "unused")
    assert resumed.owner == fresh.owner
    assert resumed.new_token is None


def test_local_mode_has_one_owner_and_ignores_links_and_users():
    user = {"is_logged_in": True, "iss": "https://id.example", "sub": "1"}
    assert resolve_owner(Mode.LOCAL, user=user, token="N" * 43).owner == LOCAL_OWNER
