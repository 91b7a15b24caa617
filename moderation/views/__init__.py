"""Views: the volunteer queue inside the Wagtail admin, and reporting on the public site.

Each view parses input, calls one service or selector, and renders or redirects.
"""
