"""The renderers the browser is asked to fetch early are the installed Streamlit's own files."""

from pathlib import Path

import streamlit as st

from ooma_cancel.ui.browser_warmup import RENDERERS, SCRIPT, renderer_chunks


def test_every_renderer_is_found_in_the_installed_streamlit():
    chunks = renderer_chunks()
    # One file per renderer: a Streamlit upgrade that renames one would silently prefetch nothing for it.
    assert [name.split(".")[0] for name in chunks] == list(RENDERERS)
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    assert all((folder / name).is_file() for name in chunks)


def test_the_script_loads_them_from_the_app_itself():
    # Addresses are resolved against the page's own script: nothing is asked of another host.
    assert "new URL(name, index.src)" in SCRIPT
    assert "http" not in SCRIPT
