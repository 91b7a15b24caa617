"""Whole public pages, cached for people who are not logged in.

When a vote is shared widely, most visitors arrive logged out and read the same few
pages. Those answers are the same for everyone, so the hub keeps each one in the
shared cache and serves it without running the view, until something on the site
changes. The rules, in the order they are checked (see middleware.py):

- Only GET requests that carry no cookie but the CSRF one: no session, so nobody is
  logged in and nothing per-person (messages, a Wagtail page password) can be in the
  page. The admin, accounts, moderation, the API and other private or
  rate-limited paths are never cached.
- Only a plain 200 answer that set no cookie but the CSRF one, did not touch the
  session, did not vary on anything but Cookie or Accept-Encoding, and was not
  marked private or never-cache.
- Each form's CSRF token is taken out before storing and each visitor gets their
  own when served (Django's CSRF middleware sets their cookie as usual).
- Each page's Content-Security-Policy nonce, if it has one, is taken out the same
  way, and each visitor gets the one their answer's policy names.
- Any change to content anyone can see makes every stored page stale at once: a
  save or delete of any model not listed as private (`IGNORED_MODELS`) replaces the
  site's *generation*, after the transaction commits; bulk writes call
  `content_changed()` themselves. A page is served only if stored in the current
  generation, read before its view ran.
- Nothing is kept past the next scheduled change (a round opening or closing,
  nominations opening or closing): apps register when that is with
  `register_schedule`.

`HUB_PAGE_CACHE_SECONDS` (default 300; 0 turns the cache off) is the longest a page
is kept.
"""

from pagecache.generation import content_changed, current_generation, register_schedule

__all__ = ["content_changed", "current_generation", "register_schedule"]
