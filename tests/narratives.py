"""Realistic award-application narratives for every item of a framework (tests and screenshots)."""

from __future__ import annotations

SENTENCES = (
    "Senior leaders set the vision and values each year in a two-day retreat with the board and union representatives.",
    "The strategic plan cascades to 14 divisional plans, each with owners, milestones and three to five measures.",
    "We review performance monthly in the leadership performance review, using the balanced scorecard in Figure 4.1-1.",
    "Since 2022 every new manager completes the leadership academy, which 96 % of participants rate good or better.",
    "Customer complaints are logged within 24 hours, analysed for root causes and reported to the quality council.",
    "Lessons learned from the 2024 flood response led to a revised continuity plan, now tested twice a year.",
    "Workforce engagement rose from 61 % in 2021 to 74 % in 2025, above the public-sector benchmark of 68 %.",
    "Key suppliers sign service-level agreements that align with our process requirements and are reviewed each quarter.",
)


def narrative(index: int, paragraphs: int = 3) -> str:
    """A response of several paragraphs with a bullet list, bold and italic text."""
    out = []
    for p in range(paragraphs):
        sentences = [SENTENCES[(index + p + k) % len(SENTENCES)] for k in range(4)]
        out.append(" ".join(sentences))
        if p == 0:
            out.append("- **Approach:** a documented, systematic process\n- *Deployment:* all divisions and sites\n"
                       "- Learning: yearly review with the board")
    return "\n\n".join(out)


def fill(store, assessment_id: str, framework, paragraphs: int = 3) -> int:
    """Write a narrative for every leaf of the framework; returns how many."""
    leaves = [n for c in framework.criteria for n in c.walk() if not n.children]
    for i, node in enumerate(leaves):
        store.set_narrative(assessment_id, node.id, narrative(i, paragraphs))
    return len(leaves)
