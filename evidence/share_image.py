"""Drawing a share card: 1200 × 630 pixels, the size social media previews expect.

Plain Pillow, no Django. Dark text on white and white on the site's purple, both well
above the 4.5:1 contrast WCAG asks for, in DejaVu Sans shipped with the project. Long
words shrink the text, and what still doesn't fit ends in "…", so nothing runs off the
card; the page beside it always has the whole text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageDraw, ImageFont

VERSION = 1  # raise when the drawing changes, so every card gets a new URL
WIDTH, HEIGHT = 1200, 630
MARGIN = 64
BAND = 92  # the purple band along the top, with the site's name
TEXT_WIDTH = WIDTH - 2 * MARGIN
UNIT_GAP = 18  # between the figure and what it counts

PAPER = (255, 255, 255)
INK = (27, 27, 31)  # --hub-ink: 17:1 on white
ACCENT = (74, 44, 143)  # --hub-accent: 10:1 on white, white on it 10:1
MUTED = (79, 79, 90)  # the site's secondary text: 8:1 on white
RULE = (201, 191, 227)


class CardWords(Protocol):
    """The words a card shows (evidence.share.Card has them): drawing needs no more."""

    title: str
    sentence: str
    source: str
    site_name: str
    figure: str
    unit: str
    note: str


FONTS = Path(__file__).resolve().parent / "fonts"
SCALES = tuple(step / 100 for step in range(100, 55, -4))  # 1.0 down to 0.56


@cache
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONTS / name), size)
    except OSError:
        return ImageFont.load_default(size=size)


def _width(text: str, face) -> float:
    return face.getlength(text)


def _break_word(word: str, face, width: int) -> list[str]:
    """A word wider than the card, in pieces that fit (a long web address, say)."""
    pieces, current = [], ""
    for character in word:
        if current and _width(current + character, face) > width:
            pieces.append(current)
            current = character
        else:
            current += character
    return [*pieces, current] if current else pieces


def _ellipsis(line: str, face, width: int) -> str:
    line = line.rstrip(" ,;:.")
    while line and _width(line + "…", face) > width:
        line = line[:-1].rstrip(" ,;:.")
    return line + "…"


def wrap(text: str, face, width: int, max_lines: int) -> list[str]:
    """`text` in lines no wider than `width`, at most `max_lines`, the last cut with "…"."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        for piece in _break_word(word, face, width) if _width(word, face) > width else [word]:
            trial = f"{current} {piece}" if current else piece
            if _width(trial, face) <= width:
                current = trial
                continue
            if current:
                lines.append(current)
            current = piece
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsis(lines[-1], face, width)
    return lines


@dataclass
class Block:
    lines: list[str]
    face: object
    fill: tuple[int, int, int]
    line_height: int
    space_before: int = 0

    @property
    def height(self) -> int:
        return self.space_before + self.line_height * len(self.lines)


@dataclass
class Layout:
    title: Block
    figure: tuple[str, object, str, object] | None  # figure, its font, unit, its font
    figure_height: int
    note: Block
    sentence: Block
    gap: int

    @property
    def height(self) -> int:
        blocks = (self.title, self.note, self.sentence)
        return sum(block.height for block in blocks) + self.figure_height


def _block(text: str, size: int, *, bold=False, fill=INK, lines=2, leading=1.25, before=0):
    face = font(size, bold=bold)
    wrapped = wrap(text, face, TEXT_WIDTH, lines) if text else []
    return Block(wrapped, face, fill, round(size * leading), before if wrapped else 0)


def _figure(card: CardWords, scale: float):
    """The figure and its unit on one line: the figure as big as fits, up to its size."""
    if not card.figure:
        return None, 0
    unit_face = font(round(40 * scale))
    unit_width = UNIT_GAP + _width(card.unit, unit_face) if card.unit else 0
    size = round(112 * scale)
    while True:
        face = font(size, bold=True)
        if _width(card.figure, face) + unit_width <= TEXT_WIDTH or size <= 28:
            break
        size -= 4
    return (card.figure, face, card.unit, unit_face), round(size * 1.1)


def layout(card: CardWords, room: int) -> Layout:
    """The biggest text that fits in `room` pixels of height."""
    for scale in SCALES:
        gap = round(28 * scale)
        figure, figure_height = _figure(card, scale)
        candidate = Layout(
            title=_block(card.title, round(46 * scale), bold=True, lines=2, leading=1.2),
            figure=figure,
            figure_height=figure_height + (gap if figure else 0),
            note=_block(card.note, round(26 * scale), fill=MUTED, lines=2, before=6),
            sentence=_block(card.sentence, round(34 * scale), lines=4, leading=1.3, before=gap),
            gap=gap,
        )
        if candidate.height <= room:
            return candidate
    return candidate


def render(card: CardWords) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)

    # The site's name, white on purple along the top.
    draw.rectangle((0, 0, WIDTH, BAND), fill=ACCENT)
    name_face = font(34, bold=True)
    draw.text((MARGIN, BAND // 2), card.site_name, font=name_face, fill=PAPER, anchor="lm")

    # The source along the bottom, under a thin rule.
    source = _block(f"Source: {card.source}", 24, fill=MUTED, lines=2, leading=1.3)
    source_top = HEIGHT - 40 - source.height
    draw.line((MARGIN, source_top - 20, WIDTH - MARGIN, source_top - 20), fill=RULE, width=3)
    _draw_block(draw, source, source_top)

    top = BAND + 40
    chosen = layout(card, room=source_top - 32 - top)
    y = _draw_block(draw, chosen.title, top)
    if chosen.figure:
        figure, face, unit, unit_face = chosen.figure
        y += chosen.gap
        baseline = y + face.getmetrics()[0]
        draw.text((MARGIN, baseline), figure, font=face, fill=ACCENT, anchor="ls")
        if unit:
            x = MARGIN + _width(figure, face) + UNIT_GAP
            draw.text((x, baseline), unit, font=unit_face, fill=INK, anchor="ls")
        y += chosen.figure_height - chosen.gap
    y = _draw_block(draw, chosen.note, y)
    _draw_block(draw, chosen.sentence, y)

    output = io.BytesIO()
    image.save(output, format="PNG", optimize=False)
    return output.getvalue()


def _draw_block(draw: ImageDraw.ImageDraw, block: Block, y: int) -> int:
    y += block.space_before
    for line in block.lines:
        draw.text((MARGIN, y), line, font=block.face, fill=block.fill)
        y += block.line_height
    return y
