"""Every change to the charity's data: importing statistics (all or nothing), and a
draft snippet from an explorer view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from evidence.explorer.query import By, DataRange, ExplorerQuery, Measure, View
from evidence.importer import ReadResult, Row
from evidence.models import (
    Breakdown,
    ChannelStatistic,
    EvidenceSnippet,
    MonthlyCell,
    StatisticsImport,
    TopicMonthTotal,
)
from evidence.models.snippets import NUMBER
from evidence.periods import next_month

IMPORT_PERMISSION = "evidence.add_statisticsimport"
BATCH = 5_000
# Any fixed number: two imports at once take turns instead of interleaving deletes.
IMPORT_LOCK = 7_301_927


@dataclass(frozen=True)
class MonthChange:
    source: str
    month: dt.date
    rows_new: int
    rows_existing: int  # replaced on import


@dataclass(frozen=True)
class ImportOutcome:
    record: StatisticsImport
    added: int
    replaced: int


def _in_month(source: str, month: dt.date) -> Q:
    return Q(source=source, period__gte=month, period__lt=next_month(month))


def statistics_preview(*, result: ReadResult) -> list[MonthChange]:
    """What importing `result` would change, source by source and month by month."""
    if not result.ok:
        raise ValidationError("The file has problems; fix them before importing.")
    new: dict[tuple[str, dt.date], int] = {}
    for row in result.rows:
        new[(row.source, row.month)] = new.get((row.source, row.month), 0) + 1
    changes = []
    for (source, month), count in sorted(new.items()):
        existing = ChannelStatistic.objects.filter(_in_month(source, month)).count()
        changes.append(MonthChange(source, month, count, existing))
    return changes


def statistics_import(
    *,
    result: ReadResult,
    file_name: str,
    user=None,
    progress: Callable[[int], None] | None = None,
) -> ImportOutcome:
    """Write the rows of a checked file, replacing the months it holds for its sources.

    All or nothing, in one transaction: the months' old rows are deleted, the new
    ones written (on PostgreSQL by COPY into a staging table, then one INSERT), and
    the topic-month rollup behind "you are not alone" rebuilt for those months.
    `user`, if given, must hold the import permission (the command line runs as the
    server's operator and passes none).
    """
    if user is not None and not (user.is_active and user.has_perm(IMPORT_PERMISSION)):
        raise PermissionDenied("Only the policy team can import statistics.")
    if not result.ok:
        raise ValidationError("The file has problems; nothing was imported.")
    months = sorted(result.source_months())
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        record = StatisticsImport.objects.create(
            file_name=file_name[:255],
            imported_by=user,
            imported_at=timezone.now(),
            sources=sorted({source for source, _ in months}),
            periods=sorted({f"{month:%Y-%m}" for _, month in months}),
        )
        replaced = 0
        for source, month in months:
            replaced += ChannelStatistic.objects.filter(_in_month(source, month)).delete()[0]
        if connection.vendor == "postgresql":
            _copy_rows(result.rows, record.pk, progress)
        else:
            _insert_rows(result.rows, record.pk, progress)
        _rebuild_rollup({month for _, month in months})
        record.rows_added = len(result.rows)
        record.rows_replaced = replaced
        record.save(update_fields=["rows_added", "rows_replaced"])
    return ImportOutcome(record=record, added=len(result.rows), replaced=replaced)


def _insert_rows(rows: list[Row], import_id: int, progress) -> None:
    for start in range(0, len(rows), BATCH):
        ChannelStatistic.objects.bulk_create(
            ChannelStatistic(
                source=row.source,
                period=row.period,
                topic_id=row.topic_id,
                channel_id=row.channel_id,
                age_band=row.age_band,
                region=row.region,
                contacts=row.contacts,
                imported_id=import_id,
            )
            for row in rows[start : start + BATCH]
        )
        if progress:
            progress(min(start + BATCH, len(rows)))


COLUMNS = "source, period, topic_id, channel_id, age_band, region, contacts, imported_id"


def _copy_rows(rows: list[Row], import_id: int, progress) -> None:
    """COPY (psycopg 3) into a staging table, then one INSERT … SELECT: the fastest way
    into PostgreSQL, and the unique constraint still checks every row."""
    table = ChannelStatistic._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS evidence_statistic_staging ("
            " source varchar(60), period date, topic_id bigint, channel_id bigint,"
            " age_band varchar(5), region varchar(9), contacts integer, imported_id bigint"
            ") ON COMMIT DROP"
        )
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY evidence_statistic_staging ({COLUMNS}) FROM STDIN") as copy:
            for number, row in enumerate(rows, start=1):
                copy.write_row(
                    (
                        row.source,
                        row.period,
                        row.topic_id,
                        row.channel_id,
                        row.age_band,
                        row.region,
                        row.contacts,
                        import_id,
                    )
                )
                if progress and number % 50_000 == 0:
                    progress(number)
        cursor.execute(
            f"INSERT INTO {table} ({COLUMNS}) SELECT {COLUMNS} FROM evidence_statistic_staging"  # noqa: S608 - fixed names
        )
        # Dropped now, not at commit: a caller may import twice in one transaction.
        cursor.execute("DROP TABLE evidence_statistic_staging")
    if progress:
        progress(len(rows))


def _rebuild_rollup(months: set[dt.date]) -> None:
    """Recompute the monthly rollups for `months` from the statistics, every source:
    the cells by topic, channel and breakdown, and the topic totals behind "you are not
    alone" (from the total cells only, so breakdowns are never counted twice)."""
    MonthlyCell.objects.filter(month__in=months).delete()
    TopicMonthTotal.objects.filter(month__in=months).delete()
    cells = (
        ChannelStatistic.objects.filter(period__gte=min(months), period__lt=next_month(max(months)))
        .annotate(month=TruncMonth("period"))
        .filter(month__in=months)
        .values("topic_id", "channel_id", "month", "age_band", "region")
        .annotate(contacts_total=Sum("contacts"))
        .order_by()
    )
    MonthlyCell.objects.bulk_create(
        (
            MonthlyCell(
                topic_id=row["topic_id"],
                channel_id=row["channel_id"],
                month=row["month"],
                age_band=row["age_band"],
                region=row["region"],
                contacts=row["contacts_total"],
            )
            for row in cells.iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )
    totals = (
        MonthlyCell.objects.filter(month__in=months, age_band="", region="")
        .values("topic_id", "month")
        .annotate(contacts_total=Sum("contacts"))
        .order_by()
    )
    TopicMonthTotal.objects.bulk_create(
        TopicMonthTotal(
            topic_id=row["topic_id"], month=row["month"], contacts=row["contacts_total"]
        )
        for row in totals
    )


# --- Snippets from the explorer ----------------------------------------------------

SNIPPET_PERMISSION = "evidence.add_evidencesnippet"


@dataclass(frozen=True)
class SnippetDraft:
    snippet: EvidenceSnippet
    left_out: list[str]  # explorer choices a snippet can't hold, in words


def snippet_draft_from_explorer(*, query: ExplorerQuery, user) -> SnippetDraft:
    """A draft evidence snippet counting what an explorer view counts, for the policy
    team to finish and publish. A snippet always covers the newest months of data for
    everyone, so choices it can't hold are named in `left_out`."""
    if user is None or not user.has_perm(SNIPPET_PERMISSION):
        raise PermissionDenied("Only the policy team can make evidence snippets.")
    if not query.topics:
        raise ValidationError(
            "A snippet is about one or more topics: choose at least one topic first."
        )
    if query.view == View.TREND:
        breakdown = Breakdown.MONTH
    else:
        breakdown = {
            By.CHANNEL: Breakdown.CHANNEL,
            By.AGE_BAND: Breakdown.AGE_BAND,
            By.REGION: Breakdown.REGION,
        }[query.by]
    left_out = []
    if query.age_band:
        left_out.append(f"the age band ({query.age_band_label})")
    if query.region:
        left_out.append(f"the nation or region ({query.region_label})")
    if query.measure == Measure.SHARE:
        left_out.append("shares (a snippet shows numbers of contacts)")
    newest = DataRange.now().last
    if newest and query.last < newest:
        left_out.append(
            f"the end month (a snippet always counts the last {len(query.months)} months "
            "up to the newest data)"
        )
    if len(query.topics) > 1:
        left_out.append("the comparison (a snippet adds its topics together)")
    names = [topic.name for topic in query.topics]
    about = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    headline = NUMBER.sub("", f"Young people contact us about {about.lower()}")[:120]
    with transaction.atomic():
        snippet = EvidenceSnippet(
            headline=headline,
            sentence="Write one plain sentence about what this shows (without numbers).",
            months=min(len(query.months), 60),
            breakdown=breakdown,
            live=False,
        )
        snippet.save()
        snippet.topics.set(query.topics)
        snippet.channels.set(query.channels)
        snippet.save()  # a cluster's relations are written when it is saved
        snippet.save_revision(user=user, log_action=True)
    return SnippetDraft(snippet=snippet, left_out=left_out)
