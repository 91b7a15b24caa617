"""moderation.demo.seed: demo items through the real services."""

import pytest

from moderation import demo, selectors
from moderation.models import Status
from tests.moderation.testapp.models import Comment

pytestmark = pytest.mark.django_db


def test_seed_submits_and_decides_some_and_can_run_again(topic, participant, volunteer):
    comments = [
        Comment.objects.create(topic=topic, author=participant, body=f"Idea {n}")
        for n in range(1, 11)
    ]
    submissions = [(c, participant, {"body": c.body}) for c in comments]
    counts = demo.seed(submissions=submissions, moderator=volunteer)
    assert counts == {"submitted": 10, "approved": 5, "rejected": 2, "waiting": 3}
    statuses = [selectors.item_for(c).status for c in comments]
    assert statuses.count(Status.PENDING) == 3
    assert demo.seed(submissions=submissions, moderator=volunteer)["submitted"] == 0
