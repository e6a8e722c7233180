"""Let the browser fetch and compile the chart and table renderers while the person reads the first page.

Streamlit's browser code loads the renderer of an element the first time a page draws one: the balance chart
(Vega-Lite and vega-embed, about 1 MB) and the table grid (about 1.3 MB with its Arrow formatting), 2.5 MB of
JavaScript in all, besides the select box, date and time fields, tables, metrics and toasts of later pages. After the first ledger entry the page's server run was done in ~0.2–0.5 s, but the entry
showed 1.2–1.5 s later: the browser was downloading, compiling and starting those modules (issue 13).
:func:`prefetch_renderers` adds a small script to the page that imports the same modules once the browser is
idle, so the first chart or table only draws. The module addresses are the installed Streamlit's own (their
names carry a content hash), resolved against the page's own script, so nothing is fetched from elsewhere and
a Streamlit upgrade needs no change here. The script is our constant text: nothing of the visitor's is in it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

# The lazily loaded renderers a first visit loaded after its first page (benchmarks/bench_journey.py's walk):
# the chart and the grid (2.5 MB of the 3 MB), then the fields, tables, metrics and toasts of the later pages.
RENDERERS = (
    "ArrowVegaLiteChart",
    "embed",
    "vega-interpreter",
    "DataFrame",
    "Selectbox",
    "Table",
    "Metric",
    "Toast",
    "Radio",
    "Checkbox",
    "DateInput",
    "TimeInput",
    "NumberInput",
    "TextInput",
    "FileUploader",
    "StreamlitSyntaxHighlighter",
)


@cache
def renderer_chunks() -> tuple[str, ...]:
    """The installed Streamlit's file names of :data:`RENDERERS` (``DataFrame.-f9-1zS0.js``); empty if not found."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    names = []
    for prefix in RENDERERS:
        # "<prefix>.<hash>.js": exactly one dot-free segment between the prefix and ".js"
        names += sorted(p.name for p in folder.glob(f"{prefix}.*.js") if p.name.count(".") == 2)
    return tuple(names)


SCRIPT = """<div data-testid="ooma-prefetch" style="display:none"></div><script>
(() => {
  if (window.oomaPrefetched) return;
  window.oomaPrefetched = true;
  const index = document.querySelector('script[type="module"][src*="static/js/index."]');
  if (!index) return;
  const load = () => %s.forEach((name) => import(new URL(name, index.src).href).catch(() => {}));
  if (window.requestIdleCallback) requestIdleCallback(load, {timeout: 2000}); else setTimeout(load, 1000);
})();
</script>"""

HIDE = "<style>.stElementContainer:has([data-testid=ooma-prefetch]) { display: none; }</style>"


def prefetch_renderers(where: DeltaGenerator | None = None) -> None:
    """Once per browser tab (the script remembers it), import the renderers the later pages will need.

    Drawn in ``where`` (app.py: the sidebar, before the page, so a page that stops early still has it) in a
    hidden element: it takes no room."""
    chunks = renderer_chunks()
    if not chunks:
        return
    place = where if where is not None else st
    place.html(HIDE)
    place.html(SCRIPT % json.dumps(list(chunks)), unsafe_allow_javascript=True)
