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
