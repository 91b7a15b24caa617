"""The world the HTTP benchmarks run in: the demo site, a campaign vote with an open
round, and many participants already logged in (a session and a CSRF cookie each, as
after logging in and opening the ballot page).

Nominations and their approval go through the services, as on the site. The
participants are bulk-inserted with the same fields the profile service writes: ten
thousand one by one would take longer than the benchmark.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench.common import NOMINATION_SUBJECTS

DAY = dt.timedelta(days=1)
PASSWORD = "listening-hub-bench"  # noqa: S105 - throwaway accounts on a throwaway database


def demo_site() -> None:
    from django.core.management import call_command
    from django.test import override_settings

    from cms.models import HomePage

    if HomePage.objects.filter(title__isnull=False).exists() and _has_demo():
        return
    with override_settings(DEBUG=True):
        call_command("demo_data", verbosity=0)


def _has_demo() -> bool:
    from participation.models import CampaignVotePage

    return CampaignVotePage.objects.exists()


def participants(count: int, *, prefix: str) -> list:
    """`count` verified participants aged 16-17, spread over the regions."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from participation.models import User
    from participation.regions import Region

    now = timezone.now()
    password = make_password(PASSWORD)
    regions = list(Region.values)
    born = timezone.localdate() - dt.timedelta(days=16 * 366)
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}.{n}@example.com",
                password=password,
                display_name=f"{prefix.title()} {n:05d}",
                date_of_birth=born - dt.timedelta(days=n % 400),
                region=regions[n % len(regions)],
                house_rules_accepted_at=now,
                profile_completed_at=now,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
    )
    return users


def logged_in(users: list, path: Path) -> Path:
    """A session and CSRF cookie for each user, as `login()` and the form would leave
    them; one line per user in `path`: id, session key, CSRF cookie, form token."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import caches
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
    from django.utils import timezone

    backend = settings.AUTHENTICATION_BACKENDS[1]
    expires = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    store = SessionStore()
    rows, lines = [], []
    for user in users:
        key = store._get_new_session_key()
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        secret = _get_new_csrf_string()
        lines.append(f"{user.pk} {key} {secret} {_mask_cipher_secret(secret)}")
    Session.objects.bulk_create(rows, batch_size=2000)
    # Logging in saves the session to the cache as well as the database (cached_db).
    cache = caches[settings.SESSION_CACHE_ALIAS]
    for start in range(0, len(rows), 2000):
        cache.set_many(
            {
                store.cache_key_prefix + row.session_key: store.decode(row.session_data)
                for row in rows[start : start + 2000]
            },
            settings.SESSION_COOKIE_AGE,
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def open_vote(*, title: str, nominations: int, max_choices: int):
    """A campaign vote whose first round (approval, up to `max_choices`) is open, with
    `nominations` approved nominations on its ballot."""
    from django.utils import timezone

    from cms.models import HomePage
    from evidence.models import Topic
    from participation.models import CampaignVotePage, Round
    from participation.selectors.rounds import round_ballot_paper
    from participation.services.rounds import round_shortlist_freeze

    now = timezone.now()
    home = HomePage.objects.get()
    page = CampaignVotePage(
        title=title,
        slug="bench-vote",
        introduction="<p>Which of these should we campaign on?</p>",
        nominations_open_at=now - 2 * DAY,
        nominations_close_at=now + DAY,
    )
    home.add_child(instance=page)
    page.topics.set(Topic.objects.filter(parent__isnull=True))
    page.save_revision().publish()
    page = CampaignVotePage.objects.get(pk=page.pk)
    round_ = Round.objects.create(
        page=page,
        sort_order=0,
        method="approval",
        opens_at=now + 2 * DAY,
        closes_at=now + 3 * DAY,
        advance_count=1,
        max_choices=max_choices,
    )
    approved_nominations(
        page,
        participants(nominations, prefix="bench-author"),
        title=lambda n, subject: f"Do something about {subject} ({n + 1})",
    )
    # Nominations close, the round opens: time passes as the clock would.
    page = CampaignVotePage.objects.get(pk=page.pk)
    page.nominations_close_at = now - dt.timedelta(minutes=5)
    page.nominations_open_at = now - 2 * DAY
    page.save_revision().publish()
    round_.opens_at = now - dt.timedelta(minutes=1)
    round_.closes_at = now + DAY
    round_.save(update_fields=["opens_at", "closes_at"])
    shortlist = round_shortlist_freeze(round=round_, default=round_ballot_paper(round_))
    page = CampaignVotePage.objects.get(pk=page.pk)
    return page, round_, shortlist


def approved_nominations(page, authors, *, title, subjects=NOMINATION_SUBJECTS) -> list:
    """A nomination on `page` by each of `authors`, through the service as on the site,
    about `subjects` in turn (`title(n, subject)` words the n-th, from 0), each then
    claimed and approved by the demo's volunteer moderator. Returns the nominations."""
    from evidence.models import Topic
    from moderation import services as moderation
    from participation.models import User
    from participation.services.nominations import nomination_submit

    moderator = User.objects.get(email="volunteer@example.com")
    topic = Topic.objects.filter(parent__isnull=True).first()
    made = []
    for n, author in enumerate(authors):
        subject = subjects[n % len(subjects)]
        nomination, item = nomination_submit(
            participant=author,
            campaign_vote=page,
            title=title(n, subject),
            description=f"Young people I know keep talking about {subject}; it is getting worse.",
            topic=topic,
        )
        moderation.item_claim(item=item, moderator=moderator)
        moderation.item_approve(item=item, moderator=moderator)
        made.append(nomination)
    return made
