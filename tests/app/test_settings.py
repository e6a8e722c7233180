"""Settings & data, driven like a person: provider facts and own values, export, import, delete, privacy."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from ooma_cancel.db import unit_of_work
from ooma_cancel.demo import seed_demo
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.cases import rename_case
from ooma_cancel.transfer import APP_TABLES, export_file
from tests.tables import table_frame


def settings(app):
    at = app().run()
    at.switch_page("views/settings.py").run()
    assert not at.exception
    return at


def facts_table(at) -> dict[str, tuple[str, str]]:
    table = table_frame(at.table[0])
    return {
        fact: (value, status)
        for fact, value, status in zip(table["Fact"], table["Value"], table["Status"], strict=True)
    }


def row_counts(engine) -> dict[str, int]:
    """Rows per table of what cases hold (not the app's own tables, such as which case a person chose last:
    an import switches to the imported case)."""
    with engine.connect() as connection:
        return {
            name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in SQLModel.metadata.tables.items()
            if name not in APP_TABLES
        }


def upload(at, data: bytes, name: str = "case.json"):
    uploader = next(u for u in at.file_uploader if u.key.startswith("settings.import.file"))
    uploader.set_value((name, data, "application/json"))
    return at.run()


def texts(at) -> str:
    return "\n".join(t.value for t in at.text)


def test_provider_facts_show_their_source_and_your_own_value_replaces_them(app, demo_case):
    at = settings(app)
    window = "Equipment return window (days after cancellation)"
    assert facts_table(at)[window] == ("30", "verify with Ooma")
    assert facts_table(at)["Ooma Office fixed-term: written notice before expiry (days)"] == ("90", "sourced")

    at.selectbox(key="settings.override.key").select("return_window_days").run()
    at.text_input(key="settings.override.value.return_window_days").input("45")
    at.button(key="settings.override.save").click().run()
    assert not at.error
    assert facts_table(at)[window] == ("45", "your value")

    fresh = settings(app)  # still there in a new session
    assert facts_table(fresh)[window] == ("45", "your value")
    fresh.selectbox(key="settings.override.key").select("return_window_days").run()
    fresh.button(key="settings.override.reset").click().run()
    assert facts_table(fresh)[window] == ("30", "verify with Ooma")


def test_a_bad_own_value_is_refused_and_nothing_is_saved(app, demo_case):
    at = settings(app)
    at.selectbox(key="settings.override.key").select("return_window_days").run()
    at.text_input(key="settings.override.value.return_window_days").input("thirty")
    at.button(key="settings.override.save").click().run()
    assert any("whole number of days" in e.value for e in at.error)
    assert (
        facts_table(settings(app))["Equipment return window (days after cancellation)"][1]
        == "verify with Ooma"
    )


def test_the_case_can_be_downloaded_as_json_and_as_a_dossier(app, demo_case):
    at = settings(app)
    labels = {button.key: button.label for button in at.download_button}
    assert labels == {
        "settings.export.case": "Export this case (JSON)",
        "settings.export.all": "Export all my cases (JSON)",
        "settings.dossier.pdf": "Evidence dossier (PDF)",
        "settings.dossier.md": "Evidence dossier (Markdown)",
    }


def test_importing_an_export_into_an_empty_app_creates_the_case(app, engine, tmp_path):
    from ooma_cancel.db import make_engine, migrate

    other = make_engine(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    migrate(other)
    with unit_of_work(other) as session:
        seed_demo(session=session, owner=LOCAL_OWNER, today=date.today())
    data = export_file(engine=other, owner=LOCAL_OWNER)
    other.dispose()

    at = settings(app)
    assert not at.download_button  # no case yet: nothing to export
    at = upload(at, data)
    assert at.dataframe[0].value["Case"].tolist() == ["Home phone (sample)"]
    assert not at.radio  # nothing to replace
    at.button(key="settings.import.button").click().run()
    assert not at.exception
    assert not at.error
    assert export_file(engine=engine, owner=LOCAL_OWNER) == data  # the same case, byte for byte

    overview = app().run()
    assert "CX-118734" in [m.value for m in overview.metric]


def test_importing_a_case_you_have_asks_and_keeps_both(app, engine, demo_case):
    data = export_file(engine=engine, owner=LOCAL_OWNER)
    at = upload(settings(app), data)
    assert any("already have a case from this file" in w.value for w in at.warning)
    assert at.radio(key="settings.import.choice").value == "Keep both"
    at.button(key="settings.import.button").click().run()
    assert not at.error
    document = json.loads(export_file(engine=engine, owner=LOCAL_OWNER))
    assert sorted(case["title"] for case in document["cases"]) == [
        "Home phone (sample)",
        "Home phone (sample) (2)",
    ]


def test_importing_a_case_you_have_can_replace_it(app, engine, demo_case):
    data = export_file(engine=engine, owner=LOCAL_OWNER)
    before = row_counts(engine)
    with unit_of_work(engine) as session:  # changed since the export: the file's version must win
        rename_case(session=session, owner=LOCAL_OWNER, case_id=demo_case, title="Renamed since")
    at = upload(settings(app), data)
    at.radio(key="settings.import.choice").set_value("Replace mine with the file's").run()
    at.button(key="settings.import.button").click().run()
    assert not at.error
    assert row_counts(engine) == before  # the rename's event went with the replaced case
    assert export_file(engine=engine, owner=LOCAL_OWNER) == data


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"format_version": 1, "cases": [', "it ends too early"),
        (b'{"format_version": 2, "cases": []}', "format version 2"),
        (b"[click](https://evil.example)", "not valid JSON"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_changes(app, engine, demo_case, data, reason):
    before = row_counts(engine)
    at = upload(settings(app), data)
    assert not at.exception
    assert [e.value for e in at.error] == ["This file cannot be imported. Nothing was changed."]
    assert reason in texts(at)  # the reason is plain text: nothing from the file is rendered as Markdown
    assert not [b for b in at.button if b.key == "settings.import.button"]
    assert row_counts(engine) == before


def test_deleting_a_case_asks_first_and_says_an_export_is_the_only_way_back(app, engine, demo_case):
    at = settings(app)
    assert "only way back" in " ".join(w.value for w in at.warning)
    assert at.button(key="settings.delete.button").disabled
    at.checkbox(key="settings.delete.confirm").check().run()
    at.button(key="settings.delete.button").click().run()
    assert not at.exception
    assert row_counts(engine)["case"] == 0
    assert row_counts(engine)["ledgerentry"] == 0  # everything recorded for it went too
    assert not at.download_button


def test_the_privacy_note_says_what_is_stored_where_and_how_to_remove_it(app):
    at = settings(app)
    note = " ".join(m.value for m in at.markdown)
    assert "What is stored" in note
    assert "How to remove it" in note
    assert "Where: a SQLite database file on the machine that runs this app (test.db)." in texts(at)


def test_on_community_cloud_without_a_database_it_says_to_export(app, monkeypatch):
    assert not any("wiped" in w.value for w in settings(app).warning)
    monkeypatch.setenv("HOSTNAME", "streamlit")
    assert any("wiped whenever the app restarts" in w.value for w in settings(app).warning)
