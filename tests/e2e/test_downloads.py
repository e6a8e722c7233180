"""Your data in a real browser: download the case and the dossier, import the case back, read the checklist."""

import io
import json
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser


def download(page, label: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    wait_idle(page)
    return path


def test_download_the_export_and_the_dossier_then_import_the_export(server, browser_page, tmp_path: Path):
    page = browser_page
    page.goto(server)
    page.get_by_role("button", name="Try with sample data").click()
    wait_idle(page)
    expect(page.get_by_text("CX-118734").first).to_be_visible()  # the sample is loaded and shown
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("link", name="Settings & data").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Settings & data")).to_be_visible()
    expect(page.get_by_role("button", name="Export this case (JSON)")).to_be_visible()
    page.wait_for_timeout(1000)  # let the table draw before the picture
    screenshot(page, "settings-and-data")

    export = download(page, "Export this case (JSON)", tmp_path)
    assert export.name.endswith(".json")
    document = json.loads(export.read_text())
    assert document["format_version"] == 1
    assert document["cases"][0]["confirmations"][0]["number"] == "CX-118734"

    dossier = download(page, "Evidence dossier (PDF)", tmp_path)
    data = dossier.read_bytes()
    assert data.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "CX-118734" in text
    assert "Disputed total: $14.51" in text  # the sample card statement's charge taken twice

    markdown = download(page, "Evidence dossier (Markdown)", tmp_path)
    assert markdown.read_text().startswith("# Evidence dossier: Home phone (sample)")

    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(export))
    wait_idle(page)
    warning = page.get_by_text("You already have a case from this file.")
    expect(warning).to_be_visible()
    warning.scroll_into_view_if_needed()
    screenshot(page, "settings-import")
    page.get_by_role("button", name="Import", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("Imported.")).to_be_visible()
    # Kept both: the imported copy is the case now shown.
    expect(sidebar.get_by_role("combobox", name="Case")).to_have_value("Home phone (sample) (2)")

    sidebar.get_by_role("link", name="Checklist & FAQ").click()
    wait_idle(page)
    expect(page.get_by_text("Your confirmation number is CX-118734.")).to_be_visible()
    expect(page.get_by_text("of 9 done")).to_be_visible()
    page.wait_for_timeout(1000)
    screenshot(page, "checklist")
    page.get_by_text("Questions people ask").scroll_into_view_if_needed()
    screenshot(page, "checklist-faq")
