"""What finding out who the visitor is costs per page run, in each shared mode (issue 11).

app.py resolves the visitor once per run with ``fresh=True`` (sign-in: one look at when the identity last
signed out); pages then ask ``owner()`` a dozen times and reuse that look. Workspace links are checked with an
HMAC under a key read once per process. Prints medians of ROUNDS calls inside one AppTest script run, on a
fresh SQLite database. Rerun: `.venv/bin/python benchmarks/bench_owner.py`. A measurement, not a test.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "500"))
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "c" * 32,
    "client_id": "dashboard",
    "client_secret": "s",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def timed_calls() -> None:
    """Runs inside AppTest: median microseconds of each way of resolving the visitor."""
    import statistics
    import time

    import streamlit as st

    from ooma_cancel import store
    from ooma_cancel.ui.session import reading, resolution

    def median_us(call) -> float:
        call()  # warm: the engine, the key
        times = []
        for _ in range(int(st.session_state["rounds"])):
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1e6)
        return round(statistics.median(times), 1)

    def list_cases() -> None:  # what the sidebar's case switcher reads on every run, for scale
        with reading() as session:
            store.list_cases(session=session, owner="local")

    st.session_state["result"] = {
        "first call of a run (fresh)": median_us(lambda: resolution(fresh=True)),
        "later calls in the run": median_us(resolution),
        "for scale: the case switcher's read": median_us(list_cases),
    }


def measure(env: dict[str, str], **state) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ.update(env)
    at = AppTest.from_function(timed_calls, default_timeout=120)
    for name, value in state.items():
        setattr(at, name, value)
    at.session_state["rounds"] = ROUNDS
    at.run()
    if at.exception:
        raise SystemExit(at.exception[0].message)
    return at.session_state["result"]


def main() -> None:
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from ooma_cancel.db import make_engine, migrate, unit_of_work
    from ooma_cancel.owner import is_minted_token, new_workspace_token
    from ooma_cancel.store.owners import record_sign_out, workspace_key

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        migrate(engine)
        from datetime import UTC, datetime, timedelta

        now = datetime.now(UTC)
        with unit_of_work(engine) as session:
            key = workspace_key(session=session)
            # Someone signed out an hour ago, so the look finds a row and compares it.
            record_sign_out(
                session=session, owner="oidc:https://id.example|bob", cookies_before=now - timedelta(hours=1)
            )
        engine.dispose()
        user = {"is_logged_in": True, "iss": "https://id.example", "sub": "bob", "iat": int(now.timestamp())}
        base = {"OOMA_CANCEL_DATABASE_URL": url}
        results = {
            "sign-in": measure({**base, "OOMA_CANCEL_MODE": "signin"}, secrets={"auth": AUTH}, user=user),
            "workspace (minted link)": measure(
                {**base, "OOMA_CANCEL_MODE": "workspace"}, query_params={"w": new_workspace_token(key)}
            ),
            "local": measure({**base, "OOMA_CANCEL_MODE": "local"}),
        }
    import statistics
    import time

    token = new_workspace_token(key)
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        is_minted_token(token, key)
        times.append((time.perf_counter() - start) * 1e6)
    results["HMAC check of a link alone"] = {"median": round(statistics.median(times), 1)}
    print(json.dumps(results, indent=2))
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "owner.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
