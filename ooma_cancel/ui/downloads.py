"""Downloads of personal documents: built only when clicked, and gone from the server moments later.

``st.download_button`` with a callable builds the file on click and hands the browser a ``/media/…`` URL. The
URL needs no cookie, and Streamlit keeps the file until two later script runs (of anyone) have passed, or
indefinitely on a quiet server. :func:`personal_download` builds the file the same way, then removes it from
Streamlit's media store a few seconds later, once the browser has fetched it: afterwards the URL answers 404.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit import runtime
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.memory_media_file_storage import _calculate_file_id

log = logging.getLogger(__name__)

# The browser fetches the file as soon as the server answers the click; this leaves room for a slow start.
FORGET_AFTER_SECONDS = 10.0


def personal_download(
    label: str,
    data: Callable[[], bytes | str],
    *,
    file_name: str,
    mime: str,
    key: str,
    where: DeltaGenerator | None = None,
    **options: Any,
) -> None:
    """A download button whose file is built by ``data`` on click and forgotten by the server soon after.

    The click does not rerun the page. ``options`` go to ``st.download_button`` (icon, type, disabled…).
    """

    def build() -> bytes:
        content = data()
        raw = content.encode("utf-8") if isinstance(content, str) else content
        # The id Streamlit's media store gives these bytes when the callable returns (a hash of all three).
        _forget_later(_calculate_file_id(raw, mime, file_name))
        return raw

    (where or st).download_button(
        label, data=build, file_name=file_name, mime=mime, key=key, on_click="ignore", **options
    )


def _forget_later(file_id: str) -> None:
    timer = threading.Timer(FORGET_AFTER_SECONDS, forget_download, args=(file_id,))
    timer.daemon = True
    timer.start()


def forget_download(file_id: str) -> bool:
    """Remove a built download from Streamlit's media store unless a page still shows it; True if removed.

    Streamlit has no public call for this: it uses the media manager's internals (checked against the pinned
    version by tests/e2e/test_hostile_markup.py). If they change, Streamlit's own clean-up still applies.
    """
    if not runtime.exists():
        return False
    manager = runtime.get_instance().media_file_mgr
    try:
        with manager._lock:
            in_use = any(file_id in files.values() for files in manager._files_by_session_and_coord.values())
            if in_use or file_id not in manager._file_metadata:
                return False
            manager._storage.delete_file(file_id)
            del manager._file_metadata[file_id]
    except AttributeError:
        log.warning("this Streamlit version's media store cannot be cleaned early; downloads expire later")
        return False
    return True
