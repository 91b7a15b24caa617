"""The hub's look, checked from the stylesheet it ships: every colour people rely on
reaches WCAG AA, every form control's edge Bootstrap draws is redrawn at 3:1 or more
(WCAG 1.4.11), the typeface is served by the site itself, and the components page
is for staff only.

The stylesheet is parsed, not a copy of its values: a later colour change that drops
below AA fails here. A real browser's computed styles are checked in tests/e2e."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cms.design_views import contrast_ratio, root_custom_properties
from tests.factories import UserFactory

STATIC = Path(__file__).resolve().parents[2] / "static"
SITE_CSS = (STATIC / "css" / "site.css").read_text()
BOOTSTRAP_CSS = (STATIC / "vendor" / "bootstrap" / "bootstrap.min.css").read_text()
DESIGN_DOC = (Path(__file__).resolve().parents[2] / "docs" / "design.md").read_text()

TOKENS = root_custom_properties(SITE_CSS)

# What controls sit on: the page, the soft surface (footer, info), the muted surface
# (cards' caps, empty states) and the alert tints.
SURFACES = {
    "white": "#ffffff",
    "soft": TOKENS["--hub-primary-soft"],
    "muted": TOKENS["--hub-surface-muted"],
}
ALERT_SURFACES = {
    name: TOKENS[token]
    for name, token in [
        ("info", "--bs-info-bg-subtle"),
        ("success", "--bs-success-bg-subtle"),
        ("warning", "--bs-warning-bg-subtle"),
        ("danger", "--bs-danger-bg-subtle"),
    ]
}

CHART_SERIES = ["#4a2c8f", "#00756f", "#b3411b", "#3d5a80"]

# Bootstrap selectors whose edge is exempt or not a control edge: disabled controls
# (WCAG 1.4.11 exempts inactive components), pseudo-elements inside a control, a
# borderless "plaintext" field, colour swatches, sizing variants that set no colour,
# and outline-light, which exists for dark backgrounds the hub does not have.
EXEMPT = re.compile(
    r":disabled|\[disabled\]|::|-plaintext|form-control-color|-sm\b|-lg\b|btn-outline-light"
    r"|form-floating"
)
CONTROL = re.compile(r"\.(form-control|form-select|form-check-input|input-group-text|btn-outline-)")
EDGE_PROPERTIES = {
    "border",
    "border-color",
    "--bs-btn-border-color",
    "--bs-btn-hover-border-color",
    "--bs-btn-active-border-color",
}


# --- a small CSS reader ------------------------------------------------------


@dataclass
class Rule:
    selectors: list[str]
    declarations: dict[str, str]
    context: tuple[str, ...]  # the at-rules it sits inside, outermost first


def _normalise_selector(selector: str) -> str:
    selector = re.sub(r"\s*([>+~])\s*", r"\1", selector.strip())
    return re.sub(r"\s+", " ", selector)


def _split_top_level(text: str, separator: str) -> list[str]:
    parts, depth, quote, current = [], 0, "", []
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _block_end(css: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(css)):
        if css[index] == "{":
            depth += 1
        elif css[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError("unbalanced braces")


def parse_rules(css: str, context: tuple[str, ...] = ()) -> list[Rule]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules, position = [], 0
    while (opening := css.find("{", position)) != -1:
        prelude = css[position:opening].strip()
        closing = _block_end(css, opening)
        body = css[opening + 1 : closing]
        if prelude.startswith(("@media", "@supports")):
            rules += parse_rules(body, (*context, prelude))
        elif not prelude.startswith("@") or prelude == "@font-face":
            declarations = {}
            for declaration in _split_top_level(body, ";"):
                name, _, value = declaration.partition(":")
                declarations[name.strip()] = value.replace("!important", "").strip()
            selectors = [_normalise_selector(s) for s in _split_top_level(prelude, ",")]
            rules.append(Rule(selectors, declarations, context))
        position = closing + 1
    return rules


SITE_RULES = parse_rules(SITE_CSS)
BOOTSTRAP_RULES = parse_rules(BOOTSTRAP_CSS)


def colour(value: str) -> str:
    """A declared value as #rrggbb: var() resolved through the site's tokens."""
    value = value.strip()
    while match := re.fullmatch(r"var\(\s*(--[\w-]+)\s*(?:,.*)?\)", value):
        value = TOKENS[match.group(1)]
    if re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value):
        return value.lower()
    if value in ("#fff", "white"):
        return "#ffffff"
    raise AssertionError(f"{value!r} is not a colour this test can read")


def site_declarations(selector: str) -> dict[str, str]:
    """What site.css declares for one selector outside any media query, later rules last."""
    declared: dict[str, str] = {}
    for rule in SITE_RULES:
        if not rule.context and selector in rule.selectors:
            declared.update(rule.declarations)
    return declared


def bootstrap_control_edges() -> list[tuple[str, str]]:
    """(selector, property) for every control edge colour Bootstrap sets at top level."""
    edges = []
    for rule in BOOTSTRAP_RULES:
        if rule.context:
            continue
        for name in EDGE_PROPERTIES & rule.declarations.keys():
            if name == "border" and "solid" not in rule.declarations[name]:
                continue
            for selector in rule.selectors:
                if CONTROL.search(selector) and not EXEMPT.search(selector):
                    edges.append((selector, name))
    return edges


def overriding_edges() -> list[tuple[str, str, str]]:
    """(selector, property, colour) that site.css sets for each of Bootstrap's edges."""
    found = []
    for selector, name in bootstrap_control_edges():
        declared = site_declarations(selector)
        site_name = "border-color" if name == "border" else name
        assert site_name in declared, f"site.css does not redraw {selector} {{ {site_name} }}"
        found.append((selector, site_name, colour(declared[site_name])))
    return found


# --- the helper itself ---------------------------------------------------------


def test_the_contrast_helper_agrees_with_known_pairs():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#fff") == pytest.approx(4.54, abs=0.01)
    # Bootstrap's own control edge: the defect this stylesheet fixes.
    assert contrast_ratio("#dee2e6", "#ffffff") < 1.35


def test_the_reader_sees_bootstraps_control_edges():
    edges = {selector for selector, _ in bootstrap_control_edges()}
    assert {
        ".form-control",
        ".form-control:focus",
        ".form-select",
        ".form-check-input",
        ".form-check-input:checked",
        ".form-check-input[type=checkbox]:indeterminate",
        ".form-control.is-invalid",
        ".was-validated .form-check-input:invalid",
        ".input-group-text",
        ".btn-outline-primary",
        ".btn-outline-secondary",
        ".btn-outline-danger",
    } <= edges


# --- WCAG 1.4.11: the edges of controls --------------------------------------------


def test_every_control_edge_bootstrap_draws_is_redrawn_at_3_to_1_on_every_surface():
    for selector, name, edge in overriding_edges():
        for surface_name, surface in SURFACES.items():
            ratio = contrast_ratio(edge, surface)
            assert ratio >= 3, f"{selector} {name} {edge} is {ratio:.2f}:1 on {surface_name}"


def test_a_checked_box_or_radio_is_filled_with_a_colour_that_stands_out():
    for selector in (".form-check-input:checked", ".form-check-input[type=checkbox]:indeterminate"):
        fill = colour(site_declarations(selector)["background-color"])
        for surface_name, surface in SURFACES.items():
            assert contrast_ratio(fill, surface) >= 3, f"{selector} on {surface_name}"
        # Bootstrap's tick and dot are white: they must show on the fill.
        assert contrast_ratio(fill, "#ffffff") >= 3


def test_controls_have_a_white_face_so_their_edge_is_measured_against_what_is_behind():
    for selector in (".form-control", ".form-select", ".form-check-input"):
        assert colour(site_declarations(selector)["background-color"]) == "#ffffff"


def test_disabled_controls_stay_readable():
    text = colour(TOKENS["--hub-control-disabled-text"])
    face = colour(TOKENS["--hub-control-disabled-bg"])
    assert contrast_ratio(text, face) >= 4.5
    assert site_declarations(".form-check-input:disabled")["opacity"] == "1"


# --- text and buttons ----------------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    ["--hub-ink", "--hub-ink-muted", "--hub-primary", "--hub-primary-dark", "--hub-danger"],
)
def test_text_colours_reach_4_5_to_1_on_every_surface_and_alert(token):
    text = colour(TOKENS[token])
    for name, surface in {**SURFACES, **ALERT_SURFACES}.items():
        assert contrast_ratio(text, surface) >= 4.5, f"{token} on {name}"


@pytest.mark.parametrize("token", ["--hub-teal", "--hub-warning", "--hub-coral", "--hub-slate"])
def test_accent_colours_can_carry_text_on_white(token):
    assert contrast_ratio(colour(TOKENS[token]), "#ffffff") >= 4.5


def test_every_button_label_reaches_4_5_to_1_in_every_state():
    buttons = {
        selector
        for rule in SITE_RULES
        for selector in rule.selectors
        if re.fullmatch(r"\.btn-(primary|secondary|danger|success|outline-[a-z]+)", selector)
    }
    assert {".btn-primary", ".btn-secondary", ".btn-outline-primary"} <= buttons
    for selector in sorted(buttons):
        declared = site_declarations(selector)
        for state in ("", "hover-", "active-"):
            text = colour(declared[f"--bs-btn-{state}color"])
            face = colour(declared[f"--bs-btn-{state}bg"])
            ratio = contrast_ratio(text, face)
            assert ratio >= 4.5, f"{selector} {state or 'rest'}: {ratio:.2f}:1"


@pytest.mark.parametrize("name", ["primary", "secondary", "success", "danger"])
def test_badges_with_white_text_reach_4_5_to_1(name):
    assert contrast_ratio(colour(TOKENS[f"--bs-{name}"]), "#ffffff") >= 4.5
    red, green, blue = (int(part) for part in TOKENS[f"--bs-{name}-rgb"].split(","))
    assert f"#{red:02x}{green:02x}{blue:02x}" == colour(TOKENS[f"--bs-{name}"])


def test_links_are_the_primary_purple_and_its_rgb_twin_agrees():
    assert colour(TOKENS["--bs-link-color"]) == colour(TOKENS["--hub-primary"])
    red, green, blue = (int(part) for part in TOKENS["--bs-link-color-rgb"].split(","))
    assert f"#{red:02x}{green:02x}{blue:02x}" == colour(TOKENS["--bs-link-color"])


def test_the_focus_ring_is_an_ink_outline_with_a_yellow_halo():
    ring = site_declarations(":focus-visible")
    assert ring["outline"] == "3px solid var(--hub-ink)"
    assert "var(--hub-focus)" in ring["box-shadow"]
    # The ink outline shows on light surfaces, the yellow halo on dark ones.
    assert contrast_ratio(colour(TOKENS["--hub-ink"]), "#ffffff") >= 3
    assert contrast_ratio(colour(TOKENS["--hub-focus"]), colour(TOKENS["--hub-primary"])) >= 3


# --- charts ------------------------------------------------------------------------


def test_the_chart_series_are_the_fixed_four_each_3_to_1_on_white_and_documented():
    series = [colour(TOKENS[f"--hub-chart-{number}"]) for number in range(1, 5)]
    assert series == CHART_SERIES
    for value in series:
        assert contrast_ratio(value, "#ffffff") >= 3
        assert value in DESIGN_DOC.lower()


# --- the typeface --------------------------------------------------------------------


def test_the_typeface_is_served_by_the_site_itself():
    faces = [rule.declarations for rule in SITE_RULES if rule.selectors == ["@font-face"]]
    assert {(face["font-weight"], face["font-style"]) for face in faces} == {
        ("400", "normal"),
        ("400", "italic"),
        ("700", "normal"),
        ("700", "italic"),
    }
    for face in faces:
        assert face["font-family"] == '"Atkinson Hyperlegible"'
        assert face["font-display"] == "swap"
        (address,) = re.findall(r'url\("([^"]+)"\)', face["src"])
        assert address.startswith("../fonts/") and address.endswith(".woff2")
        assert (STATIC / "css" / address).resolve().is_file()
    assert (STATIC / "fonts" / "OFL.txt").read_text().startswith("Copyright 2020 Braille")
    assert "5.3.0" in (STATIC / "fonts" / "README.md").read_text()
    assert TOKENS["--hub-font"].startswith('"Atkinson Hyperlegible"')
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", SITE_CSS), "nothing from another host"


# --- the header menu without JavaScript --------------------------------------------------


def test_from_768px_the_menu_shows_its_contents_without_a_click():
    wide = [
        rule
        for rule in SITE_RULES
        if rule.context == ("@media (min-width: 768px)", "@supports selector(::details-content)")
    ]
    shown = {s: r.declarations for r in wide for s in r.selectors}
    assert shown[".site-menu::details-content"]["display"] == "contents"
    assert shown[".site-menu::details-content"]["content-visibility"] == "visible"
    assert shown[".site-menu>summary"]["display"] == "none"


# --- the components page ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_components_page_is_not_found_for_visitors_and_participants(
    visitor, client_for, participant
):
    assert visitor.get("/design/").status_code == 404
    assert client_for(participant).get("/design/").status_code == 404


@pytest.mark.django_db
def test_staff_see_every_component_with_contrast_worked_out_from_the_stylesheet(client_for, site):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    response = client_for(staff).get("/design/")
    assert response.status_code == 200
    html = response.content.decode()
    for part in [
        "btn btn-primary",
        "btn btn-outline-primary",
        "btn btn-link",
        '<button type="button" class="btn btn-primary" disabled>',
        'class="form-control" id="design-disabled" type="email" value="someone@example.org" disabled',
        "form-control is-invalid",
        'type="checkbox" id="design-check-2" checked',
        "alert alert-success",
        'class="card',
        'class="badge',
        'class="empty-state"',
        'class="pagination',
        'class="table-scroll" role="region"',
    ]:
        assert part in html, part
    for value in CHART_SERIES:
        assert value in html
    purple_on_white = f"{contrast_ratio(CHART_SERIES[0], '#ffffff'):.2f}:1 on white"
    assert purple_on_white in html


@pytest.mark.django_db
def test_with_debug_on_the_components_page_is_open(visitor, site, settings):
    settings.DEBUG = True
    assert visitor.get("/design/").status_code == 200
