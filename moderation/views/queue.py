"""The queue, "take the next item", and the metrics page."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from moderation import conf, escalations, registry, services
from moderation import rules as moderation_rules
from moderation.forms import BulkDecisionForm, QueueFilterForm
from moderation.metrics import humane_duration, moderation_metrics, percent, team_figures
from moderation.models import QUEUE_STATUSES, Priority, Status
from moderation.screening import KIND_LABELS, FlagKind
from moderation.selectors import queue_for, queue_statuses_for
from moderation.services import teams
from moderation.views.common import ModerationPage, error_text, forbidden

QUEUE_URL = "moderation_admin:item-list"
EXCERPT_LENGTH = 140


def reported_by(count: int) -> str:
    """ "Reported by 3 people": how many people reported it since the last decision."""
    if not count:
        return ""
    return "Reported by 1 person" if count == 1 else f"Reported by {count} people"


class QueueRow:
    """One line of the queue: no user-written words beyond a short, redacted excerpt."""

    def __init__(self, item, *, viewer, now):
        self.item = item
        self.type_label = item.type_label.capitalize()
        text = " ".join(part for part in item.public_text().values() if part)
        self.excerpt = text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"
        self.flag_labels = [
            KIND_LABELS[kind]
            for kind in (FlagKind.RISK, FlagKind.PERSONAL, FlagKind.PROFANITY)
            if getattr(item, f"has_{kind}_flag")
        ]
        self.is_risk = item.has_risk_flag
        self.waiting = humane_duration((now - item.queued_at).total_seconds())
        self.claimed_by_you = item.claimed_by_id == viewer.pk and item.claim_is_live(now=now)
        self.claimed_by = str(item.claimed_by) if item.claim_is_live(now=now) else ""
        self.state = item.get_status_display()
        self.reported_by = reported_by(item.open_report_count)
        # Someone reported a danger: reported items come first only then, or with risk words.
        self.danger_reported = (
            item.status == Status.REPORTED
            and item.priority == Priority.RISK
            and not item.has_risk_flag
        )
        if item.status == Status.ESCALATED and item.escalation_kind:
            self.state = f"Escalated: {escalations.wording(item.escalation_kind).label}"


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    """The queue in the order "take next" serves it, with filters by type, flag and age."""

    template_name = "moderation/item_list.html"
    header_icon = "tasks"
    escalations = False

    def dispatch(self, request, *args, **kwargs):
        allowed = (
            moderation_rules.can_view_escalations(request.user)
            if self.escalations
            else moderation_rules.can_view_queue(request.user)
        )
        if not allowed:
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return "Escalations" if self.escalations else "Moderation queue"

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse(QUEUE_URL), "label": "Moderation"}]
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        # Claims that ran out are ended whenever someone looks at the queue.
        services.claims_release_expired()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, now = self.request.user, timezone.now()
        statuses = (Status.ESCALATED,) if self.escalations else queue_statuses_for(user)
        form = QueueFilterForm(self.request.GET or None, statuses=statuses)
        filters = form.filters()
        filtered = any(filters.values())
        if self.escalations:
            filters["status"] = Status.ESCALATED
        can_work = moderation_rules.can_work_queue(user)
        shift = teams.current_shift(user, now=now) if can_work else None
        risk_items_left = teams.risk_items_left(user, shift) if can_work else None
        # At the limit, a volunteer isn't shown more distressing words, not even excerpts.
        items = queue_for(user, now=now, hide_risk=risk_items_left == 0, **filters)
        paginator = CappedPaginator(items, conf.queue_page_size(), cap=conf.menu_count_cap())
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            filter_form=form,
            page_obj=page,
            rows=[QueueRow(item, viewer=user, now=now) for item in page.object_list],
            can_work=can_work,
            shift=shift,
            break_minutes=teams.needs_break(shift, now=now),
            risk_items_left=risk_items_left,
            team=teams.team_of(user) if can_work else None,
            can_bulk=moderation_rules.can_bulk_decide(user),
            bulk_form=BulkDecisionForm(),
            escalations=self.escalations,
            filtered=filtered,
            query_without_page=_query_without_page(self.request),
        )
        return context


class CappedPaginator(Paginator):
    """Counts at most `cap` items, so the page stays quick with a million waiting.

    Nobody pages through thousands of items: volunteers take the next one or filter.
    The figures page has the exact size.
    """

    def __init__(self, *args, cap: int, **kwargs):
        self.cap = cap
        super().__init__(*args, **kwargs)

    @cached_property
    def counted(self) -> int:
        return self.object_list[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self.counted > self.cap


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_POST
def item_claim_next(request):
    """Take the next item and open it; an empty queue says so calmly."""
    if not moderation_rules.can_work_queue(request.user):
        return forbidden(request)
    try:
        item = services.item_claim_next(moderator=request.user)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(QUEUE_URL)
    if item is None:
        shift = teams.current_shift(request.user)
        if teams.risk_items_left(request.user, shift) == 0:
            messages.success(
                request,
                "There's nothing more for you just now: you've read as many items about "
                "possible risk as one shift should hold, so the rest are kept for others. "
                "Thank you. Please take a break.",
            )
        else:
            messages.success(request, "The queue is empty. Thank you for your time!")
        return redirect(QUEUE_URL)
    return redirect("moderation_admin:item-detail", pk=item.pk)


class MetricsView(ModerationPage):
    template_name = "moderation/metrics.html"
    page_title = "Moderation figures"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        with_volunteers = moderation_rules.can_view_volunteer_figures(self.request.user)
        metrics = moderation_metrics(now=timezone.now(), with_volunteers=with_volunteers)
        context.update(
            metrics=metrics,
            with_volunteers=with_volunteers,
            statuses=[(Status(s).label, metrics.queue_by_status[s]) for s in QUEUE_STATUSES],
            timings=[
                (
                    t.days,
                    t.decisions,
                    humane_duration(t.median_seconds),
                    humane_duration(t.p90_seconds),
                )
                for t in metrics.timings
            ],
            volunteers=[(v, humane_duration(v.median_seconds)) for v in metrics.volunteers],
            teams=[
                (
                    team,
                    humane_duration(team.median_seconds),
                    percent(team.overturned_share),
                    [
                        (v, humane_duration(v.median_seconds), percent(v.overturned_share))
                        for v in team.volunteers
                    ],
                )
                for team in team_figures(now=timezone.now(), viewer=self.request.user)
            ],
            types=registry.registered_types(),
        )
        return context
