"""Reports: a participant in good standing says a published item is wrong.

Reports can't silence anyone. Each person has a daily limit and one open report per
item; an item lists a limited number of reports and only counts the rest; each
report is weighed by its reporter's record; and once a moderator approved an item,
reports alone never take it off the site: they put it back in front of a moderator,
with priority by weight ("Reported by 3 people"). Only reports carrying a risk flag
("someone may be in danger", or any report on words screening found risky) hide it
until a moderator looks, and those alert senior moderators at once.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from moderation import conf, registry
from moderation import rules as moderation_rules
from moderation.models import (
    AuditAction,
    AuditEntry,
    ModerationItem,
    Priority,
    Report,
    ReportKind,
    Status,
)
from moderation.services import common, notices
from moderation.services.transitions import move

ALREADY_REPORTED = "You've already reported this. Thank you: a moderator will look at it."
NOT_PUBLIC = (
    "This isn't on the site at the moment, so there is nothing to report. "
    "Thank you for looking out for others."
)
OWN_ITEM = "This is yours: you can change it or take it down instead of reporting it."
CHOOSE_KIND = "Choose what is wrong with it."
DAILY_LIMIT = (
    "You've sent {limit} reports today, which is as many as one day allows. Thank you for "
    "looking out for others. Please try again tomorrow. If someone is in danger right now, "
    "call 999."
)
CANNOT_REPORT = "Only people taking part in the Listening Hub can report things."
DANGER_WHY = "someone reported that a person may be in danger"

# Decisions that settle a report, and what they say about it.
UPHELD = (AuditAction.REJECT, AuditAction.ESCALATE)
DISMISSED = (AuditAction.APPROVE,)
HISTORY = 50  # the reporter's latest settled reports that count towards their weight
MIN_WEIGHT, MAX_WEIGHT = 0.1, 2.0


def reporter_weight(reporter, *, now: dt.datetime) -> float:
    """How much a new report from `reporter` counts: 1 for someone with no record.

    From their settled reports (a moderator's decision closed them): upheld (not
    approved, or escalated) raise it, dismissed (approved again) lower it, smoothed
    so one report either way moves it a little (2 × (1 + upheld) / (2 + settled)),
    between 0.1 and 2. Accounts younger than `MODERATION_REPORTER_NEW_ACCOUNT_DAYS`
    count for half. The outcome of each report is read from the audit log: the
    decision that closed it was written at the same moment.
    """
    settled = list(
        Report.objects.filter(
            reporter_id=reporter.pk, resolved_at__isnull=False, ignored_at__isnull=True
        )
        .order_by("-resolved_at")
        .values_list("item_id", "resolved_at")[:HISTORY]
    )
    upheld = dismissed = 0
    if settled:
        decisions = {
            (item_id, at): action
            for item_id, at, action in AuditEntry.objects.filter(
                item_id__in={item_id for item_id, _ in settled},
                created_at__in={at for _, at in settled},
                action__in=(*UPHELD, *DISMISSED),
            ).values_list("item_id", "created_at", "action")
        }
        outcomes = [decisions.get(key) for key in settled]
        upheld = sum(1 for action in outcomes if action in UPHELD)
        dismissed = sum(1 for action in outcomes if action in DISMISSED)
    weight = 2 * (1 + upheld) / (2 + upheld + dismissed)
    joined = getattr(reporter, "date_joined", None)
    if joined and now - joined < dt.timedelta(days=conf.reporter_new_account_days()):
        weight /= 2
    return round(min(MAX_WEIGHT, max(MIN_WEIGHT, weight)), 2)


def _counted(item: ModerationItem):
    return item.reports.filter(resolved_at__isnull=True, ignored_at__isnull=True)


def refresh_report_score(item: ModerationItem) -> None:
    """Set the item's open report count and weighted score from its counted reports
    (in memory; the caller holds the row lock and saves)."""
    counted = _counted(item)
    item.open_report_count = counted.count()
    item.report_score = round(counted.aggregate(total=Sum("weight"))["total"] or 0, 2)


def _danger_weight(item: ModerationItem) -> float:
    total = _counted(item).filter(kind=ReportKind.DANGER).aggregate(total=Sum("weight"))
    return total["total"] or 0


def _check_reporter(reporter, now: dt.datetime) -> None:
    common.require_signed_in(reporter, "Please sign in to report something.")
    if refusal := registry.reporter_refusal(reporter):
        raise PermissionDenied(refusal)
    since = now - dt.timedelta(hours=24)
    limit = conf.reports_per_day()
    if Report.objects.filter(reporter_id=reporter.pk, created_at__gte=since).count() >= limit:
        raise ValidationError(DAILY_LIMIT.format(limit=limit))


def item_report(
    *, item: ModerationItem, reporter, reason: str, kind: str = ReportKind.HOUSE_RULES
) -> Report:
    """Report a published item. It goes back into the queue for a moderator to review.

    Refused, changing nothing: anyone the owning app does not allow to report
    (`registry.register_reporter_check`), the author, a second open report on the same
    item, more than `MODERATION_REPORTS_PER_DAY` in 24 hours, and anything not public.
    Beyond `MODERATION_REPORTS_PER_ITEM` open reports on the item a report is counted
    without its words or an audit entry of its own.

    The item stays on the site, first among reported items by weighted score. A
    "someone may be in danger" report goes to the front of the queue and alerts
    senior moderators; once such reports weigh `MODERATION_DANGER_WEIGHT_TO_HIDE`, or
    at once when screening found risk words in it, the item is taken off the site
    until a moderator reviews it (the owning app hears `on_hide`, the author is told
    kindly).
    """
    if kind not in ReportKind.values:
        raise ValidationError(CHOOSE_KIND)
    kind = ReportKind(kind)
    reason = common.clean_note(reason, required=True, what="what is wrong with it")
    now = common.now()
    _check_reporter(reporter, now)
    with transaction.atomic():
        item = common.lock_item(item)
        if item.author_id == reporter.pk:
            raise ValidationError(OWN_ITEM)
        if not item.is_public:
            raise ValidationError(NOT_PUBLIC)
        if item.reports.filter(reporter=reporter, resolved_at__isnull=True).exists():
            raise ValidationError(ALREADY_REPORTED)
        listed = item.reports.filter(resolved_at__isnull=True, folded=False).count()
        folded = listed >= conf.reports_listed_per_item()
        try:
            # The conditional unique constraint settles a double click racing itself.
            with transaction.atomic():
                report = Report.objects.create(
                    item=item,
                    reporter=reporter,
                    kind=kind,
                    reason="" if folded else reason,
                    weight=reporter_weight(reporter, now=now),
                    folded=folded,
                    created_at=now,
                )
        except IntegrityError:
            raise ValidationError(ALREADY_REPORTED) from None
        if item.status == Status.APPROVED:
            item.queued_at = now
        refresh_report_score(item)
        detail = {"open_reports": item.open_report_count, "weight": report.weight}
        if not folded or kind == ReportKind.DANGER:
            move(
                item,
                AuditAction.REPORT,
                actor=reporter,
                now=now,
                reason_code=kind,
                reason=report.reason,
                detail=detail,
            )
        danger_weight = _danger_weight(item)
        if danger_weight or item.has_risk_flag:
            item.priority = Priority.RISK
        hide = not item.is_hidden and (
            item.has_risk_flag or danger_weight >= conf.danger_weight_to_hide()
        )
        if hide:
            item.is_hidden = True
            move(item, AuditAction.HIDE, actor=None, now=now, detail=detail)
            item.priority = Priority.RISK
        item.save()
        if kind == ReportKind.DANGER:
            notices.alert_safeguarding_staff(item, why=DANGER_WHY)
        if hide:
            obj = item.content_object
            registry.call_hook("on_hide", obj, item)
            notices.tell_author_hidden(item, obj)
    return report


def reports_ignore_from(*, reporter, actor, now: dt.datetime | None = None) -> int:
    """Stop counting `reporter`'s open reports (their taking part was suspended): each
    item's score and count drop, and an item hidden only by their reports stays
    hidden until a moderator looks (hiding is never undone without one). Returns how
    many reports were set aside. Only senior moderators may do this."""
    if not moderation_rules.can_decide_escalations(actor):
        raise PermissionDenied("Only a senior moderator can set someone's reports aside.")
    now = now or common.now()
    with transaction.atomic():
        open_reports = Report.objects.filter(
            reporter_id=reporter.pk, resolved_at__isnull=True, ignored_at__isnull=True
        )
        item_ids = sorted(set(open_reports.values_list("item_id", flat=True)))
        count = open_reports.update(ignored_at=now)
        for item in ModerationItem.objects.select_for_update().filter(pk__in=item_ids):
            refresh_report_score(item)
            if item.status == Status.REPORTED and not item.has_risk_flag:
                item.priority = Priority.RISK if _danger_weight(item) else Priority.REPORTED
            item.save(update_fields=["open_report_count", "report_score", "priority"])
            move(
                item,
                AuditAction.IGNORE_REPORT,
                actor=actor,
                now=now,
                detail={"open_reports": item.open_report_count},
            )
    return count
