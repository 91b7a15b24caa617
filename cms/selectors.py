"""Shared reads of the site's own pages."""

from evidence.related import Related


def related_pages(topic_ids: set[int], limit: int) -> list[Related]:
    """Live, public content pages (help and information) on any of `topic_ids`."""
    from cms.models import StandardPage

    pages = (
        StandardPage.objects.live()
        .public()
        .filter(topics__in=topic_ids)
        .distinct()
        .order_by("-first_published_at")[:limit]
    )
    return [Related("page", page.title, page.url, page.first_published_at) for page in pages]
