"""Importing channel statistics: every row checked first, all or nothing, months replaced."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from evidence import services
from evidence.importer import MAX_BYTES, read_statistics
from evidence.models import Channel, ChannelStatistic, StatisticsImport, Topic, TopicMonthTotal

pytestmark = pytest.mark.django_db

HEADER = "source,period,topic,channel,age_band,region,contacts\n"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def topics():
    health = Topic.objects.get_or_create(slug="mental-health", defaults={"name": "Mental health"})[
        0
    ]
    Topic.objects.get_or_create(slug="anxiety", defaults={"name": "Anxiety", "parent": health})
    Topic.objects.get_or_create(slug="money", defaults={"name": "Money"})


def read(text: str | bytes, **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_statistics(io.BytesIO(data), size=len(data), today=TODAY, **kwargs)


def load(text: str):
    result = read(text)
    assert result.ok, [str(p) for p in result.problems]
    return services.statistics_import(result=result, file_name="test.csv")


GOOD = HEADER + (
    "helpline-crm,2026-03,anxiety,helpline,,,1234\n"
    "helpline-crm,2026-03,anxiety,helpline,16-18,,410\n"
    "helpline-crm,2026-03,anxiety,helpline,,E12000001,55\n"
    "helpline-crm,2026-03,money,webchat,,,7\n"
    "helpline-crm,2026-04,anxiety,website,,,300\n"
)


def test_a_good_file_is_imported_with_its_rollup():
    outcome = load(GOOD)
    assert (outcome.added, outcome.replaced) == (5, 0)
    assert ChannelStatistic.objects.count() == 5
    anxiety = Topic.objects.get(slug="anxiety")
    march = TopicMonthTotal.objects.get(topic=anxiety, month=dt.date(2026, 3, 1))
    assert march.contacts == 1234  # totals only: breakdowns are not counted twice
    record = StatisticsImport.objects.get()
    assert record.rows_added == 5 and record.periods == ["2026-03", "2026-04"]


def test_importing_a_month_again_replaces_it_for_that_source_only():
    load(GOOD)
    load(HEADER + "website-analytics,2026-03,anxiety,website,,,999\n")
    outcome = load(HEADER + "helpline-crm,2026-03,anxiety,helpline,,,1500\n")
    assert outcome.replaced == 4  # the four March rows of helpline-crm
    assert ChannelStatistic.objects.filter(source="helpline-crm").count() == 2  # new March + April
    assert ChannelStatistic.objects.filter(source="website-analytics").count() == 1
    anxiety = Topic.objects.get(slug="anxiety")
    assert TopicMonthTotal.objects.get(topic=anxiety, month=dt.date(2026, 3, 1)).contacts == 2499


def test_a_byte_order_mark_and_comments_and_blank_lines_are_fine():
    result = read(b"\xef\xbb\xbf# exported 2 April\n" + GOOD.encode() + b"\n\n")
    assert result.ok and len(result.rows) == 5


def test_region_names_are_understood_as_well_as_codes():
    result = read(HEADER + "crm,2026-03,anxiety,helpline,,North East,5\n")
    assert result.ok and result.rows[0].region == "E12000001"


def test_days_are_allowed_as_periods():
    result = read(HEADER + "crm,2026-03-14,anxiety,helpline,,,5\n")
    assert result.ok and result.rows[0].period == dt.date(2026, 3, 14)


BAD = [
    ("", "the file is empty"),
    ("source,period,topic\n", "missing “channel”"),
    (HEADER.replace("contacts", "contacts,notes"), "not expected “notes”"),
    (HEADER.replace("topic,", "topic,topic,"), "appears twice"),
    (HEADER.replace(",", ";"), "separated by semicolons"),
    (HEADER.replace(",", "\t"), "separated by tabs"),
    (HEADER, "no rows"),
    (
        HEADER + "crm,2026-03,anxiety,helpline,,,-4\n",
        "Line 2, column “contacts”: the number of contacts can't be negative",
    ),
    (HEADER + "crm,2026-03,anxiety,helpline,,,4.5\n", "whole number"),
    (HEADER + "crm,2026-03,anxiety,helpline,,,lots\n", "isn't a number"),
    (HEADER + "crm,2026-03,anxiety,helpline,,,\n", "is missing"),
    (HEADER + "crm,2026-03,sadness,helpline,,,4\n", "column “topic”: there is no topic “sadness”"),
    (HEADER + "crm,2026-03,anxiety,carrier-pigeon,,,4\n", "no channel “carrier-pigeon”"),
    (HEADER + "crm,2026-03,anxiety,helpline,12-14,,4\n", "isn't an age band"),
    (HEADER + "crm,2026-03,anxiety,helpline,,Atlantis,4\n", "isn't one of the 12 ONS areas"),
    (HEADER + "crm,2026-03,anxiety,helpline,16-18,E12000001,4\n", "not both"),
    (HEADER + "crm,03/2026,anxiety,helpline,,,4\n", "write the month as YYYY-MM"),
    (HEADER + "crm,2026-13,anxiety,helpline,,,4\n", "isn't a real date"),
    (HEADER + "crm,2027-01,anxiety,helpline,,,4\n", "in the future"),
    (HEADER + "crm,2026-12-25,anxiety,helpline,,,4\n", "in the future"),
    (HEADER + "Helpline CRM,2026-03,anxiety,helpline,,,4\n", "column “source”"),
    (
        HEADER + "crm,2026-03,anxiety,helpline,,,4\ncrm,2026-03,anxiety,helpline,,,5\n",
        "Line 3: this is the same cell as line 2",
    ),
    (HEADER + "crm,2026-03,anxiety,helpline,,4\n", "Line 2: expected 7 columns, found 6"),
    (HEADER + "crm,2026-03,anxiety,helpline,,," + "9" * 5000 + "\n", "far too long"),
    (HEADER + "a" * 61 + ",2026-03,anxiety,helpline,,,4\n", "up to 60"),
    (
        HEADER + "crm,2026-03,anxiety,helpline,,,4\ncrm,2026-03-15,money,helpline,,,5\n",
        "Line 3, column “period”: line 2 counts this source's March 2026 by month",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_files_are_reported_and_nothing_is_imported(text, message):
    load(GOOD)
    before = list(ChannelStatistic.objects.values_list("pk", "contacts"))
    result = read(text)
    assert not result.ok
    assert any(message in str(problem) for problem in result.problems), [
        str(p) for p in result.problems
    ]
    with pytest.raises(Exception, match="problems"):
        services.statistics_import(result=result, file_name="bad.csv")
    assert list(ChannelStatistic.objects.values_list("pk", "contacts")) == before


def test_the_wrong_encoding_is_reported_by_line():
    result = read(
        HEADER.encode()
        + b"crm,2026-03,anxiety,helpline,,,4\n"
        + "crm,2026-03,money,hélpline,,,4\n".encode("latin-1")
    )
    assert any("Line 3" in str(p) and "UTF-8" in str(p) for p in result.problems)


def test_one_bad_row_among_many_stops_the_whole_file():
    rows = "".join(f"crm,2026-0{1 + n % 9},anxiety,helpline,,,{n}\n" for n in range(9))
    result = read(HEADER + rows + "crm,2026-03,anxiety,helpline,,,x\n")
    assert not result.ok and len(result.problems) == 1
    assert ChannelStatistic.objects.count() == 0


def test_an_oversized_file_is_refused_before_reading():
    result = read_statistics(io.BytesIO(b""), size=MAX_BYTES + 1, today=TODAY)
    assert "200 MB" in str(result.problems[0])


def test_a_switched_off_channel_is_named():
    Channel.objects.filter(slug="email").update(is_active=False)
    result = read(HEADER + "crm,2026-03,anxiety,email,,,4\n")
    assert "switched off" in str(result.problems[0])


def test_many_problems_are_counted_beyond_the_listed_ones():
    rows = "".join(f"crm,2026-03,nope{n},helpline,,,1\n" for n in range(250))
    result = read(HEADER + rows)
    assert len(result.problems) == 200 and result.problem_count == 250


def test_the_preview_says_what_will_change():
    load(GOOD)
    changes = services.statistics_preview(
        result=read(HEADER + "helpline-crm,2026-03,money,helpline,,,9\n")
    )
    [march] = changes
    assert (march.source, march.month, march.rows_new, march.rows_existing) == (
        "helpline-crm",
        dt.date(2026, 3, 1),
        1,
        4,
    )
    assert ChannelStatistic.objects.count() == 5  # a preview writes nothing


def test_only_the_policy_team_imports_through_the_service(volunteer, policy_editor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.statistics_import(result=read(GOOD), file_name="x.csv", user=volunteer)
    assert ChannelStatistic.objects.count() == 0


# --- The command line --------------------------------------------------------------


def test_the_command_imports_and_reports(tmp_path):
    path = tmp_path / "stats.csv"
    path.write_text(GOOD.replace("2026-", "2025-"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_statistics", str(path), stdout=out, stderr=err)
    assert "Imported 5 rows; replaced 0 rows" in out.getvalue()
    call_command("import_statistics", str(path), stdout=out, stderr=err)
    assert "replaced 5 rows" in out.getvalue()
    assert "Imported: 5 of 5 rows" in err.getvalue()  # plain lines, not a bar, off a terminal


def test_the_command_lists_every_problem_and_imports_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "crm,2025-03,anxiety,helpline,,,-1\ncrm,2025-03,x,helpline,,,1\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problems found; nothing was imported"):
        call_command("import_statistics", str(path), stdout=io.StringIO(), stderr=err)
    assert "Line 2" in err.getvalue() and "Line 3" in err.getvalue()
    assert ChannelStatistic.objects.count() == 0


def test_the_command_says_when_the_file_is_missing():
    with pytest.raises(CommandError, match="Can't read"):
        call_command("import_statistics", "/no/such/file.csv")


def test_generated_data_imports_and_says_it_is_synthetic(tmp_path):
    path = tmp_path / "synthetic.csv"
    call_command(
        "generate_statistics",
        *("--months", "3", "--contacts", "3000", "--output", str(path)),
        stdout=io.StringIO(),
    )
    text = path.read_text()
    assert text.startswith("# SYNTHETIC DATA")
    call_command("import_statistics", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert set(ChannelStatistic.objects.values_list("source", flat=True)) == {"synthetic-demo"}
    small = ChannelStatistic.objects.filter(contacts__lt=10).count()
    assert small > 0  # small cells that disclosure control must hide


def test_the_example_in_the_docs_imports():
    from pathlib import Path

    for slug in ("money-and-work", "exams"):
        Topic.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
    example = Path(__file__).parents[2] / "docs" / "examples" / "statistics-example.csv"
    result = read(example.read_bytes())
    assert result.ok, [str(p) for p in result.problems]
    assert len(result.rows) == 10


def test_two_imports_in_one_transaction_work(django_db_blocker):
    from django.db import transaction

    with transaction.atomic():
        load(GOOD)
        load(HEADER + "helpline-crm,2026-03,anxiety,helpline,,,1500\n")
    assert ChannelStatistic.objects.filter(source="helpline-crm").count() == 2
