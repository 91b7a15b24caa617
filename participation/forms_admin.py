"""The policy team's form for a campaign vote page: the calendar must make sense.

`ParticipationConfig.ready()` makes it the page's `base_form_class`, so that the model
does not import its form.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from participation.counting import METHODS
from participation.models import Round


class CampaignVotePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("nominations_open_at"), cleaned.get("nominations_close_at")
        if opens and closes and closes <= opens:
            self.add_error("nominations_close_at", "Nominations must close after they open.")

        formset = self.formsets.get("rounds")
        if formset is None or not formset.is_valid():
            return cleaned
        problems = self._check_rounds(formset, nominations_close=closes)
        if problems:
            raise ValidationError("Please check the rounds: " + " ".join(problems), code="rounds")
        return cleaned

    def _check_rounds(self, formset, *, nominations_close) -> list[str]:
        now = timezone.now()
        problems: list[str] = []
        kept = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data:
                continue
            stored = Round.objects.filter(pk=form.instance.pk).first() if form.instance.pk else None
            if stored and stored.has_opened(now):
                if data.get("DELETE"):
                    form.add_error(None, "This round has opened, so it can't be removed.")
                    problems.append(f"{stored.label} has opened and can't be removed.")
                    continue
                changed = [f for f in Round.LOCKED_FIELDS if data.get(f) != getattr(stored, f)]
                if changed:
                    form.add_error(None, "This round has opened, so its settings can't change.")
                    problems.append(f"{stored.label} has opened, so its settings can't change.")
            if data.get("DELETE"):
                continue
            kept.append((data.get("ORDER") or 0, form, data))

        kept.sort(key=lambda item: item[0])
        previous_close = nominations_close
        for number, (_, form, data) in enumerate(kept, start=1):
            opens, closes = data.get("opens_at"), data.get("closes_at")
            if opens and closes and closes <= opens:
                form.add_error("closes_at", "A round must close after it opens.")
                problems.append(f"Round {number} closes before it opens.")
            if opens and previous_close and opens < previous_close:
                what = "nominations close" if number == 1 else f"round {number - 1} closes"
                form.add_error("opens_at", f"This round must open after {what}.")
                problems.append(f"Round {number} opens before {what}.")
            spec = METHODS.get(data.get("method"))
            if spec and not spec.multiple_seats and (data.get("advance_count") or 1) > 1:
                form.add_error(
                    "advance_count", f"{spec.display_name} picks one winner: set this to 1."
                )
                problems.append(f"Round {number}: {spec.display_name} picks one winner.")
            previous_close = closes or previous_close
        if not kept:
            problems.append("Add at least one round.")
        return problems
