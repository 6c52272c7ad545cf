"""Framework model: frameworks, nodes, scales, methods (immutable, built by the loader)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator


class Text:
    """A translatable text: English required, other languages optional."""

    __slots__ = ("values",)

    def __init__(self, values: dict[str, str] | str):
        self.values = {"en": values} if isinstance(values, str) else dict(values)

    def __call__(self, lang: str | None = None) -> str:
        """The text in `lang` (default: the current UI/report language), else in English."""
        if lang is None:
            from npmassess.i18n import current_language
            lang = current_language()
        return self.values.get(lang) or self.values.get("en", "")

    def has(self, lang: str) -> bool:
        """True when the text exists in `lang` itself (no fallback to English)."""
        return bool(self.values.get(lang)) or not any(self.values.values())

    def __str__(self) -> str:
        return self("en")

    def __repr__(self) -> str:
        return f"Text({self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other.values == self.values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))


EMPTY = Text("")

SCORED_TYPES = ("enabler", "process", "result", "element")
NODE_TYPES = SCORED_TYPES + ("context",)
RESULT_TYPES = ("result",)


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    label: Text
    guidance: Text
    colour: str = ""

    def contains(self, value: float) -> bool:
        return self.min <= value <= self.max


@dataclass(frozen=True)
class Level:
    value: int
    label: Text
    guidance: Text
    colour: str


@dataclass(frozen=True)
class Scale:
    id: str
    kind: str  # "numeric" | "ordinal"
    title: Text
    description: Text = EMPTY
    min: int = 0
    max: int = 0
    step: int = 1
    bands: tuple[Band, ...] = ()
    levels: tuple[Level, ...] = ()  # best first

    @property
    def ordinal(self) -> bool:
        return self.kind == "ordinal"

    def band_of(self, value: float | None) -> Band | None:
        """The band holding a numeric value (values between bands go to the lower one)."""
        if value is None or self.ordinal:
            return None
        for band in reversed(self.bands):
            if value >= band.min:
                return band
        return self.bands[0] if self.bands else None

    def level_of(self, value: float | None) -> Level | None:
        if value is None:
            return None
        for level in self.levels:
            if level.value == value:
                return level
        return None

    def allowed(self) -> list[int]:
        """Every value a rater may give on this scale."""
        if self.ordinal:
            return [lv.value for lv in self.levels]
        return list(range(self.min, self.max + 1, self.step))

    def check(self, value: float) -> str | None:
        """None if the value is valid on this scale, else a sentence saying why not."""
        from npmassess.i18n import _
        if self.ordinal:
            if value not in {lv.value for lv in self.levels}:
                names = ", ".join(f"{lv.value} ({lv.label()})" for lv in self.levels)
                return _("{value} is not a level of {scale}; use one of {levels}").format(
                    value=f"{value:g}", scale=self.title(), levels=names)
            return None
        if not (self.min <= value <= self.max):
            return _("{value} is outside {min}-{max}").format(value=f"{value:g}", min=self.min, max=self.max)
        if (value - self.min) % self.step:
            return _("{value} is not in steps of {step} from {min}").format(value=f"{value:g}", step=self.step,
                                                                             min=self.min)
        return None

    def label_of(self, value: float | None, lang: str | None = None) -> str:
        if self.ordinal:
            level = self.level_of(value)
            return level.label(lang) if level else ""
        band = self.band_of(value)
        return band.label(lang) if band else ""


@dataclass(frozen=True)
class Dimension:
    id: str
    title: Text
    applies_to: tuple[str, ...]
    scale: Scale
    guidance: Text = EMPTY


COMBINES = ("mean", "lowest", "separate", "highest_met")


@dataclass(frozen=True)
class Method:
    id: str
    title: Text
    description: Text
    dimensions: tuple[Dimension, ...]
    # how a node's dimensions give its result: mean (numeric), lowest (ordinal), separate (side by
    # side, never combined) or highest_met (highest level met with no gap below, named on result_scale)
    combine: str = "mean"
    result_scale: Scale | None = None
    # scores above this value need evidence (framework key evidence_required_above; None = no rule)
    evidence_required_above: int | None = None

    @property
    def separate(self) -> bool:
        return self.combine == "separate"

    def dimensions_for(self, node_type: str) -> tuple[Dimension, ...]:
        return tuple(d for d in self.dimensions if node_type in d.applies_to)

    @property
    def ordinal(self) -> bool:
        return any(d.scale.ordinal for d in self.dimensions)


@dataclass(frozen=True)
class Node:
    id: str
    title: Text
    type: str
    points: int | None = None
    guidance: Text = EMPTY
    questions: tuple[Text, ...] = ()
    verified: bool = True  # for the authors and the validator: never shown
    source_note: str = ""  # the authors' note on the source (doubts, links): never shown
    children: tuple["Node", ...] = ()
    parent_id: str | None = None
    depth: int = 0
    bonus: bool = False  # points beyond the framework's total_points

    @property
    def scored(self) -> bool:
        return not self.children and self.type != "context"

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> list["Node"]:
        return [n for n in self.walk() if n.scored]


@dataclass(frozen=True)
class Application:
    """Document rules of an award application (read by the application PDF export)."""

    profile_node: str
    profile_page_limit: int | None = None  # None: the award sets no limit (nothing checked)
    response_page_limit: int | None = None
    page_size: str | None = None  # "letter" | "a4"
    font: tuple[str, ...] = ()  # allowed font families
    min_font_size: float | None = None  # points
    min_margin_in: float | None = None  # inches


@dataclass(frozen=True)
class Grade:
    """A grade or recognition band read from the total in points: at least `min`, or above `above`."""

    label: Text
    min: float | None = None
    above: float | None = None
    guidance: Text = EMPTY
    colour: str = ""
    verified: bool = True
    source_note: str = ""  # authors only: never shown

    @property
    def threshold(self) -> float:
        return self.min if self.min is not None else float(self.above or 0)

    def reached(self, total: float | None) -> bool:
        if total is None:
            return False
        if self.min is not None:
            return total >= self.min - 1e-9
        return total > (self.above or 0) + 1e-9

    def rule(self, lang: str | None = None) -> str:
        """'at least 300 points' / 'more than 650 points' (in `lang`, default the current language)."""
        from npmassess.i18n import translate_to
        if self.min is not None:
            return translate_to(lang, "at least {n} points").format(n=f"{self.min:g}")
        return translate_to(lang, "more than {n} points").format(n=f"{self.above:g}")


@dataclass(frozen=True)
class Previous:
    """The edition this one replaces, and new node id -> old node ids whose content moves to it."""

    edition: str
    map: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def sources(self, node_id: str) -> tuple[str, ...]:
        return self.map.get(node_id, (node_id,))


@dataclass(frozen=True)
class Framework:
    id: str
    edition: str
    title: Text
    short_title: Text
    description: Text
    publisher: str
    languages: tuple[str, ...]
    source: Text  # the publication the facts come from (edition, where the titles are from): shown
    aggregation: str  # mean | points | profile
    default_method: str
    scales: dict[str, Scale]
    methods: dict[str, Method]
    criteria: tuple[Node, ...]
    total_points: int | None = None
    source_note: str = ""  # the authors' note: links, doubts, what is unconfirmed; never shown
    labels: dict[str, Text] = field(default_factory=dict)
    application: Application | None = None
    grades: tuple[Grade, ...] = ()  # best first
    previous: Previous | None = None
    path: str = ""
    fingerprint: str = ""
    user: bool = False  # loaded from the user's frameworks folder

    @property
    def bonus_points(self) -> int:
        """Points available beyond total_points (bonus criteria)."""
        return sum(c.points or 0 for c in self.criteria if c.bonus)

    def grade_of(self, total: float | None) -> Grade | None:
        """The best grade a total in points reaches, or None."""
        return next((g for g in self.grades if g.reached(total)), None)

    @property
    def key(self) -> str:
        return f"{self.id}@{self.edition}"

    def title_with_edition(self, lang: str | None = None) -> str:
        """The title, followed by the edition unless the title already names it.

        Only a dated edition ("2003", "2023-2024") is added: a label such as "current" is English
        and the title already says what it is ("... (current areas of management)").
        """
        title = self.title(lang)
        dated = any(c.isdigit() for c in self.edition)
        return title if self.edition in title or not dated else f"{title} ({self.edition})"

    def edition_label(self, lang: str | None = None) -> str:
        """The edition as read: '2020' as is, a label such as 'current' in the language."""
        from npmassess.i18n import N_, translate_to
        N_("current")  # the label of undated editions (MAF)
        return translate_to(lang, self.edition)

    def nodes(self) -> Iterator[Node]:
        for criterion in self.criteria:
            yield from criterion.walk()

    def node(self, node_id: str) -> Node:
        for n in self.nodes():
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def scored_nodes(self) -> list[Node]:
        return [n for n in self.nodes() if n.scored]

    def scored_criteria(self) -> list[Node]:
        """Top-level nodes that hold at least one scored node."""
        return [c for c in self.criteria if c.leaves()]

    def method(self, method_id: str | None = None) -> Method:
        return self.methods[method_id or self.default_method]

    def label(self, key: str, lang: str | None = None) -> str:
        from npmassess.i18n import N_, translate_to
        default = {"criterion": N_("Criterion"), "node": N_("Node"), "grade": N_("Grade")}.get(key, key)
        text = self.labels.get(key)
        return text(lang) if text else translate_to(lang, default)
