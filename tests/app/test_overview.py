from datetime import date, timedelta


def test_a_first_visit_offers_the_sample_case_and_loads_it(app):
    at = app().run()
    assert not at.metric  # nothing to show yet
    at.button(key="overview.sample").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Account to cancel"] == "Premier •••• 2342"
    assert metrics["Cancellation confirmation"] == "CX-118734"
    assert metrics["Service ends"] == f"{date.today() + timedelta(days=3):%b %-d, %Y}"
    assert metrics["Balance"].startswith("$")
    assert metrics["Equipment return"] == "33 days left"
    switcher = at.sidebar.selectbox(key="sidebar.case")
    assert switcher.format_func(switcher.value) == "Home phone (sample)"


def test_the_overview_shows_progress_of_every_stage_and_one_next_step(app):
    at = app().run()
    at.button(key="overview.sample").click().run()
    texts = [t.value for t in at.text]
    assert "Port completed on" in " ".join(texts)
    assert any("outstanding" in w.value for w in at.warning)
    # one "Next step" box
    assert [c.value for c in at.caption].count("Next step") == 1


def test_starting_an_own_case_from_the_overview(app):
    at = app().run()
    at.text_input[0].input("My home phone")
    at.button[1].click().run()  # "Start a case" (the form's submit)
    assert not at.exception
    assert "Account identification: Enter the account you want to cancel." in [m.value for m in at.markdown]
    switcher = app().run().sidebar.selectbox(key="sidebar.case")
    assert switcher.format_func(switcher.value) == "My home phone"


def test_creating_and_switching_cases_in_the_sidebar(app, demo_case):
    at = app().run()
    at.sidebar.button(key="sidebar.new_case.open").click().run()  # "New case" opens a dialog
    at.text_input(key="sidebar.new_case.title").input("My home phone")
    at.button(key="FormSubmitter:sidebar.new_case-Create case").click().run()
    assert not at.exception
    assert "Not chosen yet" in [m.value for m in at.metric]  # the new, empty case is shown
    switcher = at.sidebar.selectbox(key="sidebar.case")
    assert switcher.options == ["My home phone", "Home phone (sample)"]  # newest first
    switcher.select(demo_case).run()
    assert not at.exception
    assert "CX-118734" in [m.value for m in at.metric]
    at.switch_page("views/account.py").run()
    assert "Premier · •••• 2342" in [t.value for t in at.text]  # the chosen case follows to other pages


def test_the_warm_up_is_started_even_when_the_first_page_stops_early(app, monkeypatch):
    """An empty database's overview stops the page (st.stop) before app.py's last line; the warm-up must still be
    started after that first run, or the first click ("Start a case") pays for every first import itself."""
    from ooma_cancel.ui import warmup

    started: list[int] = []
    monkeypatch.setattr(warmup, "warm_up", lambda: started.append(warmup._runs_under_way))
    monkeypatch.setattr(warmup, "_runs_under_way", 0)
    at = app().run()
    assert at.button(key="overview.sample")  # the empty overview, which stops the page early
    assert started == [0]  # asked once, after the run was counted as ended
