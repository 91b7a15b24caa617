"""Reports: anyone signed in can say a published item breaks the house rules."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from moderation import conf, registry
from moderation.models import AuditAction, ModerationItem, Report, Status
from moderation.services import common, notices
from moderation.services.transitions import move

ALREADY_REPORTED = "You've already reported this. Thank you: a moderator will look at it."
NOT_PUBLIC = (
    "This isn't on the site at the moment, so there is nothing to report. "
    "Thank you for looking out for others."
)
OWN_ITEM = "This is yours: you can change it or take it down instead of reporting it."


def item_report(*, item: ModerationItem, reporter, reason: str) -> Report:
    """Report a published item. It goes back into the queue for a moderator to review.

    After `MODERATION_REPORTS_TO_HIDE` open reports (3 by default) it is taken off the
    site until reviewed; the owning app hears `on_hide` and the author is told kindly.
    """
    common.require_signed_in(reporter, "Please sign in to report something.")
    reason = common.clean_note(reason, required=True, what="what is wrong with it")
    now = common.now()
    with transaction.atomic():
        item = common.lock_item(item)
        if item.author_id == reporter.pk:
            raise ValidationError(OWN_ITEM)
        if not item.is_public:
            raise ValidationError(NOT_PUBLIC)
        if item.reports.filter(reporter=reporter, resolved_at__isnull=True).exists():
            raise ValidationError(ALREADY_REPORTED)
        try:
            # The conditional unique constraint settles a double click racing itself.
            with transaction.atomic():
                report = Report.objects.create(
                    item=item, reporter=reporter, reason=reason, created_at=now
                )
        except IntegrityError:
            raise ValidationError(ALREADY_REPORTED) from None
        if item.status == Status.APPROVED:
            item.queued_at = now
        item.open_report_count += 1
        move(
            item,
            AuditAction.REPORT,
            actor=reporter,
            now=now,
            reason=reason,
            detail={"open_reports": item.open_report_count},
        )
        hide = item.open_report_count >= conf.reports_to_hide() and not item.is_hidden
        if hide:
            item.is_hidden = True
            move(
                item,
                AuditAction.HIDE,
                actor=None,
                now=now,
                detail={"open_reports": item.open_report_count},
            )
        item.save()
        if hide:
            obj = item.content_object
            registry.call_hook("on_hide", obj, item)
            notices.tell_author_hidden(item, obj)
    return report
