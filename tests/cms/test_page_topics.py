"""Content pages with a topic show the charity's figure and related items."""

import datetime as dt
import html
import io

import pytest

from cms.models import StandardPage
from evidence import services
from evidence.importer import read_statistics
from evidence.models import Topic

pytestmark = pytest.mark.django_db


def test_a_page_about_anxiety_says_you_are_not_alone(site, client):
    anxiety = Topic.objects.create(slug="anxiety", name="Anxiety", help_url="/get-help/")
    data = b"source,period,topic,channel,age_band,region,contacts\ncrm,2026-11,anxiety,helpline,,,4249\n"
    result = read_statistics(io.BytesIO(data), size=len(data), today=dt.date(2026, 12, 1))
    services.statistics_import(result=result, file_name="t.csv")
    page = StandardPage(title="Worried about exams?", slug="worried-about-exams")
    site.root_page.add_child(instance=page)
    page.topics.set([anxiety])
    page.save_revision().publish()
    text = html.unescape(client.get(page.url).content.decode())
    assert "about anxiety around <strong>4,250</strong> times" in text
    assert "Get help with anxiety" in text


def test_a_page_without_a_topic_shows_no_figure(site, client):
    page = StandardPage(title="About us", slug="about-us-too")
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    assert "You are not alone" not in client.get(page.url).content.decode()


def test_related_items_include_the_sites_pages_on_the_topic(site, client):
    from participation.selectors.related import related_items

    exams = Topic.objects.create(slug="exams", name="Exams")
    page = StandardPage(title="Coping with exams", slug="coping-with-exams")
    site.root_page.add_child(instance=page)
    page.topics.set([exams])
    page.save_revision().publish()
    draft = StandardPage(title="Draft about exams", slug="draft-exams", live=False)
    site.root_page.add_child(instance=draft)
    draft.topics.set([exams])
    draft.save()
    titles = [item.title for item in related_items([exams.pk], user=None)]
    assert "Coping with exams" in titles and "Draft about exams" not in titles
    assert [i.title for i in related_items([exams.pk], user=None, exclude=page)] == []
