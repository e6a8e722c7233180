"""Every page on the sample case at phone width (390 px) and desktop width (1400 px): screenshots to look at,
and no table cell that holds a tracking number, a finding's reason, what was said or a source is cut off.

Those tables are HTML tables (``ooma_cancel.ui.tables``), so what each cell shows is checked in the DOM: a
cell whose content is wider than the cell (``scrollWidth > clientWidth``) is cut off or hidden behind a scroll.
Screenshots go to ``benchmarks/out/screens/<width>/`` (git-ignored); the test prints the folder.
"""

from pathlib import Path

import pytest

from ooma_cancel.ui.nav import PAGES
from tests.e2e.conftest import CHROMIUM_ARGS, ROOT, SCRIPT_IDLE_JS, chromium_or_fail, wait_idle
from tests.wording import RULES

SCREENS = ROOT / "benchmarks" / "out" / "screens"

# What a cell of the sample case must show whole, page by page (the column it sits in, a value it holds).
MUST_READ = {
    "equipment_return": [("Tracking number", "1Z999AA10123456784")],
    "contact_support": [("What was said", "")],
    "settings": [("Source", "support.ooma.com")],
    "end_date": [("Note", "")],
}

# Every cell of every HTML table: its column's header, its text, and whether the text fits the cell.
CELLS_JS = """
() => [...document.querySelectorAll('[data-testid="stTable"] table')].flatMap(table => {
  const frame = table.closest('[data-testid="stTable"]').getBoundingClientRect();
  const heads = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
  return [...table.querySelectorAll('tbody tr')].flatMap(tr => [...tr.children].map((td, i) => ({
    column: heads[i] || '',
    text: td.innerText.trim(),
    shown: td.offsetParent !== null && td.clientWidth > 0,
    past: td.getBoundingClientRect().right - frame.right,  // > 0: runs off the table's frame
    scroll: td.scrollWidth,
    client: td.clientWidth,
  })));
})
"""


# The main area's text as read: a Material icon is drawn from a ligature ("arrow_forward"), not read.
SHOWN_TEXT_JS = """
() => { const main = document.querySelector('[data-testid="stMain"]');
        const icons = [...main.querySelectorAll('*')].filter(
            e => e.children.length === 0 && getComputedStyle(e).fontFamily.includes('Material'));
        const kept = icons.map(e => [e, e.textContent]);
        kept.forEach(([e]) => { e.textContent = ''; });
        const text = main.innerText;
        kept.forEach(([e, t]) => { e.textContent = t; });
        return text; }
"""


STATE_JS = """
() => [document.querySelectorAll('[data-testid="stElementContainer"]').length,
       document.querySelectorAll('[data-testid="stSkeleton"]').length]
"""


def settle(page) -> None:
    """Wait until a page has finished drawing: no placeholder, not running, and as many elements as a moment
    ago (a page opened by its address runs a moment after it loads)."""
    before = None
    for _ in range(60):
        page.wait_for_timeout(500)
        count, skeletons = page.evaluate(STATE_JS)
        if not skeletons and page.evaluate(SCRIPT_IDLE_JS) and count and count == before:
            return
        before = count
    raise AssertionError("the page kept changing for 30 s")


def full_page_screenshot(page, path: Path, width: int) -> None:
    """The whole page: Streamlit scrolls inside its main area, so the window is made as tall as that area."""
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 16_000)})
    settle(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})
    settle(page)


def url_path(path: str) -> str:
    return Path(path).stem  # st.Page's default address: the file's name


@pytest.mark.parametrize("width", [390, 1400])
def test_every_page_is_readable_at_phone_and_desktop_width(server, tmp_path, width):
    from playwright.sync_api import expect, sync_playwright

    folder = SCREENS / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {folder}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_or_fail(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(server)
        page.get_by_role("button", name="Try with sample data").click()
        wait_idle(page)
        expect(page.get_by_text("CX-118734").first).to_be_visible()
        cut: list[str] = []
        words: list[
            str
        ] = []  # what no page may show in the browser either: "(not recorded)", "(s)", "[", "seed"…
        for info in PAGES:
            name = url_path(info.path)
            page.goto(server if name == "overview" else f"{server}/{name}")
            # The page's own title first: the sample marker above it is drawn before the page body runs.
            title = "Cancel your Ooma service" if name == "overview" else info.title
            expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
            settle(page)
            full_page_screenshot(page, folder / f"{name}.png", width)
            shown = page.evaluate(SHOWN_TEXT_JS)
            for rule, pattern in RULES.items():
                match = pattern.search(shown)
                words.extend([f"{name}: {rule} ({match.group(0)!r})"] if match else [])
            cells = page.evaluate(CELLS_JS)
            for cell in cells:
                if cell["shown"] and (cell["scroll"] > cell["client"] + 1 or cell["past"] > 1):
                    cut.append(
                        f"{name}: {cell['column']} {cell['text'][:40]!r} ({cell['scroll']} > {cell['client']}, {cell['past']:.0f} px past the frame)"
                    )
            for column, value in MUST_READ.get(name, []):
                held = [c for c in cells if c["column"] == column and c["shown"] and c["text"]]
                assert held, f"{name} at {width} px: no {column!r} cell shown in an HTML table"
                if value:
                    assert any(value in c["text"] for c in held), f"{name}: {value!r} not shown whole"
            if width <= 400:
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{name} at {width} px scrolls sideways by {overflow} px"
        context.close()
        browser.close()
    assert not cut, "\n".join(cut)
    assert not words, "\n".join(words)
