"""Topics: the subjects young people contact the charity about, shared by nominations,
evidence snippets and the statistics. Public as they are: staff write them."""

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from evidence.api.common import (
    ERRORS_AND_404,
    Slug,
    absolute,
    bad_parameter,
    not_found,
    paginated_get,
)
from evidence.models import Topic

router = Router(tags=["Topics"])


class TopicOut(Schema):
    slug: str = Field(description="Names the topic in addresses and filters.", examples=["anxiety"])
    name: str = Field(examples=["Anxiety"])
    description: str = Field(description="A line about it; may be empty.", examples=[""])
    parent: str | None = Field(
        description="The broader topic's slug, if this one sits under another.",
        examples=["mental-health"],
    )
    children: list[str] = Field(
        description="Slugs of the topics under this one (one level only).", examples=[[]]
    )
    url: str = Field(
        description="This topic in the API.",
        examples=["http://127.0.0.1:8000/api/v1/topics/anxiety"],
    )

    @staticmethod
    def resolve_parent(obj: Topic) -> str | None:
        return obj.parent.slug if obj.parent_id else None

    @staticmethod
    def resolve_children(obj: Topic) -> list[str]:
        return sorted(child.slug for child in obj.children.all())

    @staticmethod
    def resolve_url(obj: Topic, context) -> str:
        return absolute(context["request"], reverse("api-v1:topic_detail", args=[obj.slug]))


def _topics():
    return Topic.objects.select_related("parent").prefetch_related("children")


@paginated_get(
    router,
    "",
    item=TopicOut,
    summary="List topics",
    description="Every topic, in alphabetical order, each with its broader topic and "
    "the topics under it. Use a slug to filter evidence snippets (and statistics).",
)
def topic_list(request: HttpRequest):
    return _topics().order_by("name", "pk")


@router.get(
    "/{slug}",
    response={200: TopicOut, **ERRORS_AND_404},
    summary="One topic",
    description="A topic by its slug.",
)
def topic_detail(request: HttpRequest, slug: Slug):
    topic = _topics().filter(slug=slug).first()
    if topic is None:
        raise not_found(
            f"There is no topic with the slug “{slug}”. See /api/v1/topics for them all."
        )
    return topic


def topic_by_slug(slug: str | None, *, parameter: str = "topic") -> Topic | None:
    """The topic a query parameter names, or a 400 that says it doesn't exist."""
    if slug is None:
        return None
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise bad_parameter(
            "query",
            parameter,
            "is not a topic's slug",
            f"There is no topic with the slug “{slug}”. See /api/v1/topics for them all.",
        )
    return topic
