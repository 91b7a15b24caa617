"""Demo data for the evidence app: a topic taxonomy and 24 months of synthetic
statistics, imported through the real importer (so the rollups are real too)."""

import io

from django.utils import timezone

from evidence import services
from evidence.importer import read_statistics
from evidence.models import Channel, ChannelStatistic, Topic
from evidence.synthetic import synthetic_rows, write_csv

# (name, slug, parent slug, where to find help)
TOPICS = [
    ("Mental health", "mental-health", "", "/get-help/"),
    ("Anxiety", "anxiety", "mental-health", "/get-help/"),
    ("Depression", "depression", "mental-health", "/get-help/"),
    ("Money and work", "money-and-work", "", ""),
    ("Housing", "housing", "", ""),
    ("Education", "education", "", ""),
    ("Exams", "exams", "education", ""),
    ("Relationships", "relationships", "", ""),
    ("Bullying", "bullying", "relationships", ""),
    ("Physical health", "physical-health", "", ""),
    ("Discrimination", "discrimination", "", ""),
    ("Getting around", "getting-around", "", ""),
]


def seed_topics() -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for name, slug, parent, help_url in TOPICS:
        topic, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
        wanted_parent = topics.get(parent)
        if topic.parent_id != (wanted_parent.pk if wanted_parent else None) or (
            help_url and not topic.help_url
        ):
            topic.parent = wanted_parent
            topic.help_url = topic.help_url or help_url
            topic.save()
        topics[slug] = topic
    return topics


def seed_statistics(*, months: int = 24) -> int:
    """Import `months` of synthetic statistics once (skipped if any are there)."""
    if ChannelStatistic.objects.exists():
        return 0
    seed_topics()
    buffer = io.StringIO()
    write_csv(
        buffer,
        synthetic_rows(
            topics=[slug for _, slug, _, _ in TOPICS],
            channels=list(Channel.objects.filter(is_active=True).values_list("slug", flat=True)),
            months=months,
            today=timezone.localdate(),
        ),
    )
    data = buffer.getvalue().encode("utf-8")
    result = read_statistics(io.BytesIO(data), size=len(data))
    outcome = services.statistics_import(result=result, file_name="synthetic-demo.csv")
    return outcome.added


# (headline, sentence, topic slugs, channel slugs, months, breakdown)
SNIPPETS = [
    (
        "Mental health is what young people contact us about most",
        "Worries about mental health reach us through every channel, all year round.",
        ["mental-health"],
        [],
        12,
        "month",
    ),
    (
        "Anxiety rises in exam season",
        "Contacts about anxiety climb every spring, as exams get closer.",
        ["anxiety"],
        [],
        24,
        "month",
    ),
    (
        "Young people talk to us about anxiety everywhere in the UK",
        "From Cornwall to Shetland, young people tell us anxiety is getting in the way.",
        ["anxiety"],
        [],
        12,
        "region",
    ),
    (
        "Money worries start young",
        "Even the youngest who contact us ask about money and work.",
        ["money-and-work"],
        [],
        12,
        "age_band",
    ),
    (
        "How young people reach us about housing",
        "Most young people worried about housing find us online first.",
        ["housing"],
        [],
        12,
        "channel",
    ),
    (
        "Exams weigh on young people",
        "Exams and school pressure come up month after month.",
        ["exams", "education"],
        [],
        12,
        "month",
    ),
    (
        "Bullying follows young people online",
        "Young people tell us about bullying in school and on their phones.",
        ["bullying"],
        [],
        12,
        "channel",
    ),
    (
        "Relationships matter at every age",
        "Family, friends and partners: relationships are a reason to reach out at every age.",
        ["relationships"],
        [],
        12,
        "age_band",
    ),
    (
        "Depression is often talked about first on webchat",
        "Many young people find it easier to type than to talk.",
        ["depression"],
        [],
        12,
        "channel",
    ),
    (
        "What young people contact us about",
        "Across everything we hear, these are the subjects that come up most.",
        [
            "mental-health",
            "money-and-work",
            "housing",
            "education",
            "relationships",
            "physical-health",
        ],
        [],
        12,
        "topic",
    ),
]


def seed_snippets() -> int:
    """Ten published snippets (idempotent by headline)."""
    from evidence.models import EvidenceSnippet

    topics = seed_topics()
    made = 0
    for headline, sentence, topic_slugs, channel_slugs, months, breakdown in SNIPPETS:
        if EvidenceSnippet.objects.filter(headline=headline).exists():
            continue
        snippet = EvidenceSnippet(
            headline=headline, sentence=sentence, months=months, breakdown=breakdown
        )
        snippet.full_clean(exclude=["topics", "channels"])
        snippet.save()
        snippet.topics.set([topics[slug] for slug in topic_slugs])
        snippet.channels.set(Channel.objects.filter(slug__in=channel_slugs))
        snippet.save_revision().publish()
        made += 1
    return made
