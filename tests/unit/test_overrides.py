import pytest

from ooma_cancel import store
from ooma_cancel.db import unit_of_work
from ooma_cancel.owner import LOCAL_OWNER
from ooma_cancel.store.overrides import case_facts_of_profile, set_override


@pytest.fixture
def case_id(engine):
    with unit_of_work(engine) as session:
        return store.create_case(session=session, owner=LOCAL_OWNER, title="Home").id


def facts(engine, case_id):
    with unit_of_work(engine) as session:
        return case_facts_of_profile(session=session, owner=LOCAL_OWNER, case_id=case_id)


def test_an_override_is_shown_as_the_persons_own_and_can_be_removed(engine, case_id):
    assert facts(engine, case_id)["return_window_days"].value == "30"
    assert facts(engine, case_id)["return_window_days"].label == "verify with Ooma"
    assert facts(engine, case_id)["office_notice_days"].label.startswith("source: ooma.com/legal")
    with unit_of_work(engine) as session:
        set_override(
            session=session, owner=LOCAL_OWNER, case_id=case_id, key="return_window_days", value="45"
        )
    fact = facts(engine, case_id)["return_window_days"]
    assert (fact.value, fact.label) == ("45", "your value")
    with unit_of_work(engine) as session:
        set_override(session=session, owner=LOCAL_OWNER, case_id=case_id, key="return_window_days", value=" ")
    assert facts(engine, case_id)["return_window_days"].override is None


@pytest.mark.parametrize(
    ("key", "value"), [("return_window_days", "thirty"), ("return_window_days", "0"), ("nope", "1")]
)
def test_bad_overrides_are_refused(engine, case_id, key, value):
    with pytest.raises(ValueError), unit_of_work(engine) as session:  # noqa: PT011 (the messages differ per case)
        set_override(session=session, owner=LOCAL_OWNER, case_id=case_id, key=key, value=value)
    assert facts(engine, case_id)["return_window_days"].override is None
