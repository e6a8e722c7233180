"""Settings & data's downloads: a case's export and its evidence dossier, each built only when clicked."""

from __future__ import annotations

import streamlit as st

from ooma_cancel import dossier
from ooma_cancel.transfer import export_file
from ooma_cancel.ui.downloads import personal_download
from ooma_cancel.ui.session import CaseScope, engine


def case_downloads(scope: CaseScope, case_id: int) -> None:
    """ "Take your data with you": the case and all cases as JSON, the evidence dossier as PDF and Markdown."""
    st.header("Take your data with you")
    st.write(
        "Download the whole case (every stage, the audit trail, bill uploads and their findings) as one JSON "
        "file you can import again later, here or on another machine. The evidence dossier is one dated "
        "PDF with everything a dispute, a chargeback or a complaint needs."
    )
    the_engine, who, today, zone = engine(), scope.owner, scope.today, scope.tz
    stem = f"ooma-case-{case_id}-{today.isoformat()}"
    # Files are built only when clicked (on another thread), so the page stays fast with years of history;
    # a download changes nothing, so it does not rerun the page.
    with st.container(horizontal=True):
        personal_download(
            "Export this case (JSON)",
            data=lambda: export_file(engine=the_engine, owner=who, case_ids=[case_id]),
            file_name=f"{stem}.json",
            mime="application/json",
            key="settings.export.case",
            icon=":material/download:",
            type="primary",
        )
        personal_download(
            "Export all my cases (JSON)",
            data=lambda: export_file(engine=the_engine, owner=who),
            file_name=f"ooma-cases-{today.isoformat()}.json",
            mime="application/json",
            key="settings.export.all",
            icon=":material/download:",
        )
        personal_download(
            "Evidence dossier (PDF)",
            data=lambda: dossier.pdf_file(
                engine=the_engine, owner=who, case_id=case_id, today=today, tz=zone
            ),
            file_name=f"{stem}-dossier.pdf",
            mime="application/pdf",
            key="settings.dossier.pdf",
            icon=":material/picture_as_pdf:",
        )
        personal_download(
            "Evidence dossier (Markdown)",
            data=lambda: dossier.markdown_file(
                engine=the_engine, owner=who, case_id=case_id, today=today, tz=zone
            ),
            file_name=f"{stem}-dossier.md",
            mime="text/markdown",
            key="settings.dossier.md",
            icon=":material/description:",
        )
