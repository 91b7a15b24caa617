"""The words of the site's "Your privacy" page, for young people (13 to 25).

The same notice as docs/privacy.md says to the charity: keep the two in step with what
the code does. `manage.py demo_data` makes the page from this; on a real site an editor
adds a standard page with the slug "privacy" under the home page (the footer of every
page links to /privacy/).
"""

PRIVACY_NOTICE = [
    ("heading", {"text": "What do we keep?", "level": "h2"}),
    (
        "paragraph",
        "<p>When you join, we keep your email address, your password (scrambled, so "
        "nobody can read it), your display name, your date of birth and the part of "
        "the UK you live in.</p>"
        "<p>When you take part, we keep what you write, what you support, your votes, "
        "any reports you make and the messages we send you. We also keep which emails "
        "you want from us.</p>"
        "<p>We use a cookie to keep you logged in. We don't use advertising or "
        "tracking cookies, and our pages load nothing from other websites.</p>"
        "<p>To stop one person voting with lots of accounts, when you log in we "
        "remember your device (with a cookie) and your network, as scrambled codes "
        "nobody can turn back into an address. We keep them for 30 days. Only senior "
        "moderators see when two accounts share a device, and they never block anyone "
        "just because of that.</p>"
        "<p>If you answer “Was this page useful?”, we don't save who you are.</p>",
    ),
    ("heading", {"text": "Who sees it?", "level": "h2"}),
    (
        "paragraph",
        "<ul><li>Everyone sees your display name and what you write, but only after "
        "a volunteer moderator has checked it.</li>"
        "<li>Volunteer moderators read what you write before it goes on the site. "
        "They never see your email, age or where you live.</li>"
        "<li>If something you write makes us worried about your safety, a senior "
        "moderator sees it, so they can offer you help.</li>"
        "<li>A few staff who run the site can see your account details.</li>"
        "<li>We share how many people voted, by age group and part of the UK. We "
        "never say who voted.</li></ul>"
        "<p>When a round of voting closes, we cut the link between you and your "
        "vote. Nobody, not even us, can see how you voted after that.</p>",
    ),
    ("heading", {"text": "How long do we keep it?", "level": "h2"}),
    (
        "paragraph",
        "<ul><li>Your account: until you ask us to erase it.</li>"
        "<li>If you never confirm your email address, we delete the account after "
        "7 days.</li>"
        "<li>If a moderator was worried about your safety, senior moderators keep "
        "those words for 6 years after your account is erased. That is how long UK "
        "safeguarding records are usually kept. Then we delete them.</li>"
        "<li>We keep a record of what moderators did. After 6 years we remove the "
        "notes and names from it.</li></ul>",
    ),
    ("heading", {"text": "How do I get a copy or delete it?", "level": "h2"}),
    (
        "paragraph",
        '<p>Log in and go to <a href="/me/privacy/">Your data</a> in your account.</p>'
        "<ul><li><b>Download my data</b> gives you one file with everything we keep "
        "about you. We ask for your password again first.</li>"
        "<li><b>Erase my account</b> logs you out and sends you an email. You then "
        "have a 7-day cooling-off period. If you change your mind, log in within "
        "7 days and press “Keep my account”.</li></ul>"
        "<p>After 7 days we erase your email address, display name, date of birth, "
        "where you live, your password, your messages and what you supported. Things "
        "you wrote that are not on the site yet are withdrawn.</p>"
        "<p>Some things stay, so the votes stay fair: nominations and statements "
        "already on the site stay, without your name. Your votes still "
        "count, but nobody can tell they were yours, so results never change.</p>"
        "<p>You can change your display name and where you live in your account at "
        "any time. If your date of birth is wrong, ask us and we'll fix it.</p>",
    ),
    ("heading", {"text": "Who do I talk to?", "level": "h2"}),
    (
        "paragraph",
        "<p>If you have a question about your data, write to our data protection "
        "lead at privacy@listeninghub.invalid. You can ask a parent, carer or "
        "teacher to help you.</p>"
        "<p>If you're not happy with our answer, you can complain to the Information "
        "Commissioner's Office (ICO). It makes sure organisations look after "
        "people's data. You can find it at ico.org.uk.</p>",
    ),
]
