"""Which models are moderated, and how their owning apps hear about decisions.

An owning app registers each model once, in its `AppConfig.ready()`:

    from moderation import registry

    class NominationModerationHooks(registry.ModerationHooks):
        def describe(self, obj):
            return registry.ItemContext(
                title=obj.title, belongs_to=obj.campaign_vote.title, url=obj.get_url()
            )

        def on_approve(self, obj, item):
            ...  # e.g. store item.public_text() on the object, make it count

    registry.register(Nomination, hooks=NominationModerationHooks(), label="nomination")

`moderation/` imports no other app of the project; this registry is how it reaches
them. Hooks run inside the transaction of the decision, so an exception in a hook
undoes the decision too.

The app that knows who takes part registers who may report (`register_reporter_check`).

The app that keeps people's notification preferences sets one *notice policy*,
which moderation asks before every notice of a kind people may switch off:

    registry.set_notice_policy(lambda recipient, kind: registry.NoticeDelivery(email=False))
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Each `item` below is a `moderation.models.ModerationItem`, typed as a plain model:
# the models import this registry (an item's `type_label` comes from here), so the
# registry imports no model of moderation's own.


@dataclass(frozen=True)
class ItemContext:
    """What a moderator needs to see around an item. Never the author's email or age."""

    title: str
    belongs_to: str = ""
    url: str = ""


class ModerationHooks:
    """Callbacks for an owning app. Override the ones you need; the rest do nothing.

    `obj` is the moderated object; `item` the ModerationItem after the change. An
    object with a plain function attribute of the same name works just as well.
    """

    def describe(self, obj: models.Model) -> ItemContext:
        return ItemContext(title=str(obj))

    def approval_warning(self, obj: models.Model, *, now) -> str:
        """Anything a moderator should confirm before approving `obj` at `now`, in
        plain words (e.g. "Nominations for this vote closed on 3 November…"); "" for none."""
        return ""

    def on_approve(self, obj: models.Model, item: models.Model) -> None:
        """Now public (also after a report is dismissed). `item.public_text()` has the words."""

    def on_reject(self, obj: models.Model, item: models.Model) -> None:
        """Not approved; stays visible only to its author and moderators."""

    def on_escalate(self, obj: models.Model, item: models.Model) -> None:
        """Handed to senior moderators; not public."""

    def on_hide(self, obj: models.Model, item: models.Model) -> None:
        """Taken off the site after reports, until a moderator reviews it."""

    def on_back_to_pending(self, obj: models.Model, item: models.Model) -> None:
        """The author changed it after a decision; not public until approved again."""

    def on_redact(self, obj: models.Model, item: models.Model, public_text: dict) -> None:
        """Spans were marked as removed. Store `public_text` in place of the original
        words, so the original stays only in the item's snapshot."""


HOOK_NAMES = (
    "on_approve",
    "on_reject",
    "on_escalate",
    "on_hide",
    "on_back_to_pending",
    "on_redact",
)


@dataclass(frozen=True)
class ModeratedType:
    model: type[models.Model]
    hooks: Any
    label: str


_registry: dict[type[models.Model], ModeratedType] = {}


def register(
    model: type[models.Model], *, hooks: Any = None, label: str = ""
) -> type[models.Model]:
    """Make `model` moderatable. Its primary key must be an integer."""
    pk = model._meta.pk
    if not isinstance(pk, models.AutoField | models.BigAutoField | models.IntegerField):
        raise ImproperlyConfigured(
            f"{model.__name__} needs an integer primary key to be moderated."
        )
    _registry[model] = ModeratedType(
        model=model,
        hooks=hooks if hooks is not None else ModerationHooks(),
        label=label or str(model._meta.verbose_name),
    )
    return model


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model, None)


def is_registered(model: type[models.Model]) -> bool:
    return model in _registry


def get(model: type[models.Model]) -> ModeratedType:
    try:
        return _registry[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model.__name__} is not registered with moderation.registry.register()."
        ) from None


def registered_types() -> list[ModeratedType]:
    return sorted(_registry.values(), key=lambda t: t.label)


def content_types() -> dict[int, ModeratedType]:
    """Registered types by content type id (ContentType lookups are cached)."""
    return {ContentType.objects.get_for_model(t.model).pk: t for t in registered_types()}


def label_for(content_type: ContentType) -> str:
    model = content_type.model_class()
    if model in _registry:
        return _registry[model].label
    return content_type.name


def describe(obj: models.Model | None) -> ItemContext:
    if obj is None:
        return ItemContext(title="(removed by its author)")
    hooks = get(type(obj)).hooks
    describe_hook: Callable | None = getattr(hooks, "describe", None)
    if describe_hook is None:
        return ItemContext(title=str(obj))
    return describe_hook(obj)


def approval_warning(obj: models.Model | None, *, now) -> str:
    if obj is None:
        return ""
    hook: Callable | None = getattr(get(type(obj)).hooks, "approval_warning", None)
    return hook(obj, now=now) if hook is not None else ""


def call_hook(name: str, obj: models.Model | None, item: models.Model, **kwargs) -> None:
    """Tell the owning app what happened. Nothing to tell if the object is gone."""
    if name not in HOOK_NAMES:
        raise ValueError(f"Unknown moderation hook {name!r}")
    if obj is None:
        return
    hook = getattr(get(type(obj)).hooks, name, None)
    if hook is not None:
        hook(obj, item, **kwargs)


# --- How notices reach people ------------------------------------------------------


class NoticeDelivery(NamedTuple):
    """How one notice of one kind reaches one person.

    `in_site`: the notice appears in their messages on the site (always, when an
    email is sent too). `email`: it is emailed as well. `unsubscribe_url` (absolute,
    one click, no login) and `preferences_url` go at the foot of the email;
    `unsubscribe_url` also goes in its List-Unsubscribe header.
    """

    in_site: bool = True
    email: bool = True
    unsubscribe_url: str = ""
    preferences_url: str = ""


NoticePolicy = Callable[[Any, str], NoticeDelivery]

_notice_policy: NoticePolicy | None = None


def set_notice_policy(policy: NoticePolicy | None) -> NoticePolicy | None:
    """Set `policy(recipient, kind) -> NoticeDelivery` (None: every notice, emailed).
    Returns the policy it replaces."""
    global _notice_policy  # one policy per process, set in AppConfig.ready()
    previous, _notice_policy = _notice_policy, policy
    return previous


def notice_delivery(recipient, kind: str) -> NoticeDelivery:
    """Ask the policy how a notice of `kind` reaches `recipient` (moderation keeps the
    final say for kinds nobody may switch off)."""
    if _notice_policy is None:
        return NoticeDelivery()
    return _notice_policy(recipient, kind)


# --- Who may report ----------------------------------------------------------------

ReporterCheck = Callable[[Any], str | None]

_reporter_checks: list[ReporterCheck] = []


def register_reporter_check(check: ReporterCheck) -> ReporterCheck:
    """Add `check(user) -> None | str`: None if `user` may report things, else a kind
    sentence saying why not (the app that knows who takes part registers one, e.g.
    "only participants in good standing"). Registering the same check twice changes
    nothing. Returns `check`, so it works as a decorator."""
    if check not in _reporter_checks:
        _reporter_checks.append(check)
    return check


def unregister_reporter_check(check: ReporterCheck) -> None:
    if check in _reporter_checks:
        _reporter_checks.remove(check)


def reporter_refusal(user) -> str | None:
    """The first registered check's refusal for `user`, or None if every check allows them."""
    for check in _reporter_checks:
        if refusal := check(user):
            return refusal
    return None
