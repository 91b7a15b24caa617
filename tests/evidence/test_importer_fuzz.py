"""No file, however broken, makes the importer crash: it reports, or it reads."""

import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.importer import read_statistics

pytestmark = pytest.mark.django_db
HEADER = b"source,period,topic,channel,age_band,region,contacts\n"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=400))
def test_random_bytes_are_reported_never_a_crash(body):
    for data in (body, HEADER + body):
        result = read_statistics(io.BytesIO(data), size=len(data), today=dt.date(2026, 12, 1))
        assert result.ok or result.problems


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(
        st.text(alphabet=st.characters(codec="utf-8"), max_size=12), min_size=0, max_size=9
    )
)
def test_random_cells_are_reported_never_a_crash(cells):
    line = ",".join(cell.replace("\n", " ") for cell in cells).encode() + b"\n"
    data = HEADER + line
    result = read_statistics(io.BytesIO(data), size=len(data), today=dt.date(2026, 12, 1))
    assert result.ok or result.problems
