"""Load a small, realistic demo site and one user per role (development only).

Safe to run again: everything is looked up by slug or email first, so a second run
changes nothing. Refuses to run when DEBUG is off, because it creates accounts with
published passwords.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Page, Site

from cms import demo as cms_demo
from cms import demo_sign_in, roles
from cms.models import HomePage, SafetySettings, StandardPage
from cms.privacy_notice import PRIVACY_NOTICE
from evidence import demo as evidence_demo
from evidence.models import DataExplorerPage, Topic
from moderation import demo as moderation_demo
from participation import demo as participation_demo
from participation import services as participation_services
from participation.models import User
from participation.regions import Region
from participation.services import staff

DEMO_PASSWORD = "listening-hub-demo"  # documented in README.md; development only

# email, display name, role, (date of birth, region) for participants
DEMO_USERS = [
    ("participant@example.com", "QuietOtter42", None, ("2007-05-14", Region.NORTH_WEST)),
    ("other.participant@example.com", "BraveHeron17", None, ("2004-11-02", Region.SCOTLAND)),
    ("volunteer@example.com", "SamReads", roles.VOLUNTEER_MODERATOR, None),
    ("senior.moderator@example.com", "SafeguardingLead", roles.SENIOR_MODERATOR, None),
    ("policy@example.com", "AmiraK", roles.POLICY_TEAM, None),
    ("admin@example.com", "SiteKeeperAlex", "superuser", None),
]

HELPLINES = [
    {
        "name": "Our helpline",
        "description": "Free, confidential support for anyone under 25",
        "phone": "0808 808 4994",
        "text_message": "",
        "url": "",
        "opening_hours": "Every day, 3pm to midnight",
    },
    {
        "name": "Shout",
        "description": "Text support, day or night",
        "phone": "",
        "text_message": "Text SHOUT to 85258",
        "url": "",
        "opening_hours": "24 hours, every day",
    },
    {
        "name": "Samaritans",
        "description": "Someone to talk to, whatever you're going through",
        "phone": "116 123",
        "text_message": "",
        "url": "",
        "opening_hours": "24 hours, every day",
    },
    {
        "name": "Childline",
        "description": "For anyone under 19",
        "phone": "0800 1111",
        "text_message": "",
        "url": "",
        "opening_hours": "24 hours, every day",
    },
]

HOME_BODY = [
    (
        "steps",
        {
            "title": "How it works",
            "steps": [
                {
                    "title": "Nominate",
                    "text": "Tell us about an issue that affects young people like you.",
                },
                {
                    "title": "Back it up",
                    "text": "Add facts from what thousands of young people tell our services.",
                },
                {
                    "title": "Vote",
                    "text": "Choose, in rounds, which issues we campaign on this year.",
                },
                {
                    "title": "See what happens",
                    "text": "Follow the campaigns you chose: you said, we did.",
                },
            ],
        },
    ),
    (
        "callout",
        {
            "title": "Safe and anonymous",
            "text": "<p>Nobody sees your real name or email. Volunteers read everything before it "
            "goes public, so the Listening Hub stays kind.</p>",
        },
    ),
]

PAGES = [
    {
        "slug": "about",
        "title": "About the Listening Hub",
        "show_in_menus": True,
        "introduction": "Every year about 3 million young people contact us. The Listening Hub "
        "gives what they tell us, and a say in what we campaign on, back to young people.",
        "body": [
            ("heading", {"text": "Who can take part", "level": "h2"}),
            (
                "paragraph",
                "<p>Anyone aged 13 to 25 who lives in the UK. You need an email address "
                "to join, and we ask your age and which part of the UK you live in, so we "
                "can check that every group of young people is heard.</p>",
            ),
            ("heading", {"text": "How votes are counted", "level": "h2"}),
            (
                "paragraph",
                "<p>Every vote is counted by published rules, and anyone can recount the "
                "anonymous ballots to check the result.</p>",
            ),
            (
                "faq",
                {
                    "title": "Questions people ask",
                    "questions": [
                        {
                            "question": "Will anyone know it's me?",
                            "answer": "<p>No. You choose a made-up display name, and we never "
                            "show your email address, age or where you live. Volunteers read "
                            "what you write before anyone else sees it.</p>",
                        },
                        {
                            "question": "What happens to my vote?",
                            "answer": "<p>It's counted with everyone else's when the round "
                            "closes. Then we remove the link between you and your ballot, so "
                            "no one, not even us, can see how you voted.</p>",
                        },
                        {
                            "question": "What if I change my mind?",
                            "answer": "<p>You can change your vote until the round closes, "
                            "and withdraw a nomination while nominations are open.</p>",
                        },
                        {
                            "question": "Does the charity really do what we choose?",
                            "answer": "<p>Yes. The issue young people choose becomes one of "
                            "our campaigns, and we post what we did about it on its page.</p>",
                        },
                    ],
                },
            ),
        ],
    },
    {
        "slug": "house-rules",
        "title": "House rules",
        "show_in_menus": True,
        "introduction": "These rules keep the Listening Hub safe and kind for everyone.",
        "body": [
            (
                "paragraph",
                "<ol><li>Be kind. Disagree with ideas, not people.</li>"
                "<li>Keep it anonymous. Don't share names, phone numbers, addresses, schools "
                "or social media accounts: yours or anyone else's.</li>"
                "<li>Stay on topic: issues that affect young people.</li>"
                "<li>No hate, bullying, swearing or adverts.</li>"
                "<li>If you're struggling, reach out. Our volunteers will make sure you're "
                "offered support.</li></ol>",
            ),
            (
                "callout",
                {
                    "title": "What moderators do",
                    "text": "<p>Volunteers read everything before it's public. If something "
                    "breaks these rules, they'll tell you why, kindly.</p>",
                },
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Your privacy",
        "show_in_menus": False,
        "introduction": "What we keep about you, who sees it, how long we keep it, and how "
        "to get a copy or delete it.",
        "body": PRIVACY_NOTICE,
    },
    {
        "slug": "get-help",
        "title": "Get help now",
        "show_in_menus": True,
        "introduction": "If you need to talk to someone, you're not alone. These services are "
        "free and confidential.",
        "body": [],
    },
]


class Command(BaseCommand):
    help = "Create the demo site and one user per role (development only; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-only",
            action="store_true",
            help="Pages, settings and role users only: no campaign votes (the test suite's base).",
        )

    def handle(self, *args, site_only=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_data only runs with DEBUG on: it creates accounts with published "
                "passwords. Use the development settings (config.settings.dev)."
            )
        # Demo decisions send many notices, emailed once the transaction commits: the
        # override spans the commit so they stay out of the terminal.
        quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
        with quiet, transaction.atomic():
            home = self.ensure_home()
            pages = {spec["slug"]: self.ensure_page(home, spec) for spec in PAGES}
            self.ensure_settings(home, house_rules=pages["house-rules"])
            for email, name, role, profile in DEMO_USERS:
                self.ensure_user(email=email, display_name=name, role=role, profile=profile)
            if not site_only:
                volunteer = User.objects.get(email="volunteer@example.com")
                evidence_demo.seed_topics()
                evidence_demo.seed_statistics(months=24)
                evidence_demo.seed_snippets()
                self.ensure_explorer(home)
                participation_demo.seed(home=home, moderator=volunteer)
                cms_demo.seed_campaigns(home=home, stdout=self.stdout)
                moderation_demo.seed_team(
                    name="Evening team",
                    lead=User.objects.get(email="senior.moderator@example.com"),
                    members=[volunteer],
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo site ready. Every demo user's password is {DEMO_PASSWORD!r}. Staff "
                "accounts also ask for a code: run `manage.py demo_code` to see it."
            )
        )

    def ensure_home(self) -> HomePage:
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        if home is None:
            # Wagtail's placeholder welcome page takes the slug we want; it has no content.
            for placeholder in root.get_children().filter(content_type__model="page", slug="home"):
                placeholder.delete()
            home = HomePage(
                title="Your voice, our campaigns",
                slug="home",
                introduction="Tell us what needs to change for young people, back it with "
                "real evidence, and vote on what we campaign on next.",
                body=HOME_BODY,
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.stdout.write("Created the home page.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=8000,
                root_page=home,
                is_default_site=True,
                site_name="Listening Hub",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = "Listening Hub"
            site.save()
        return home

    def ensure_page(self, home: HomePage, spec: dict) -> StandardPage:
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(**spec)
            home.add_child(instance=page)
            page.save_revision().publish()
            self.stdout.write(f"Created the page {spec['title']!r}.")
        return page

    def ensure_explorer(self, home: HomePage) -> None:
        if DataExplorerPage.objects.child_of(home).exists():
            return
        page = DataExplorerPage(
            title="Explore the data",
            slug="explore",
            show_in_menus=True,
            introduction="<p>See what young people get in touch with us about, month by "
            "month, by how they reach us, by age and by where they live. Small numbers "
            "are never shown, so no one can be picked out.</p>",
            default_months=12,
        )
        home.add_child(instance=page)
        page.default_topics.set(Topic.objects.filter(slug__in=["money-and-work", "mental-health"]))
        page.save_revision().publish()
        self.stdout.write("Created the data explorer.")

    def ensure_settings(self, home: HomePage, *, house_rules: StandardPage) -> None:
        site = Site.objects.get(root_page=home)
        safety = SafetySettings.for_site(site)
        if not safety.helplines:
            safety.helplines = [("helpline", helpline) for helpline in HELPLINES]
        safety.house_rules_page = safety.house_rules_page or house_rules
        safety.save()

    def ensure_user(self, *, email: str, display_name: str, role: str | None, profile) -> None:
        """A demo young person signs up like anyone else; a demo staff member is added as
        an administrator adds staff, and named beside what they decide."""
        user = User.objects.filter(email=email).first()
        if user is None and profile:
            born, region = profile
            user = participation_demo.participant_sign_up(
                email=email,
                password=DEMO_PASSWORD,
                display_name=display_name,
                date_of_birth=dt.date.fromisoformat(born),
                region=region,
            )
            self.stdout.write(f"Created the user {email} (participant).")
        elif user is None:
            user = staff.staff_member_create(
                email=email,
                password=DEMO_PASSWORD,
                role=staff.ADMINISTRATOR if role == "superuser" else role,
            )
            self.stdout.write(f"Created the user {email} ({role}).")
        if role and demo_sign_in.demo_authenticator_ensure(user):
            # Staff must have two-step log-in on; the demo's share one published secret.
            self.stdout.write(f"Turned on two-step log-in for {email} (see `manage.py demo_code`).")
        if role and user.display_name is None:
            participation_services.user_display_name_set(user=user, display_name=display_name)
