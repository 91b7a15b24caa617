"""Required fields: marked with a star for the eye, announced as required to the ear."""

import re


def test_the_required_star_is_not_read_aloud_and_the_input_says_required(client, db):
    html = client.get("/accounts/signup/").content.decode()
    label = re.search(r'<label\s+for="id_email"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert '<span class="asteriskField" aria-hidden="true">*</span>' in label
    field = re.search(r'<input[^>]*id="id_email"[^>]*>', html).group(0)
    assert " required" in field
