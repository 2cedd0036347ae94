"""What changed between two versions of a training plan, for the comparison page.

Chinese text has no spaces between words, so a line- or word-level diff would mark a whole
paragraph as changed; we compare character by character (difflib, standard library) and merge
the result into runs of kept, removed and added text."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

EQUAL, DELETE, INSERT = "equal", "delete", "insert"


@dataclass(frozen=True)
class Segment:
    op: str  # EQUAL, DELETE or INSERT
    text: str


@dataclass(frozen=True)
class PartDiff:
    label: str
    segments: list[Segment]

    @property
    def changed(self) -> bool:
        return any(s.op != EQUAL for s in self.segments)


def diff_text(old: str, new: str) -> list[Segment]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment(EQUAL, old[i1:i2]))
            continue
        if i2 > i1:
            segments.append(Segment(DELETE, old[i1:i2]))
        if j2 > j1:
            segments.append(Segment(INSERT, new[j1:j2]))
    return segments


def milestone_lines(milestones) -> str:
    return "\n".join(f"{m.due_on:%Y-%m-%d} {m.title}" for m in milestones)


def compare(old, new, labels: dict[str, str], parts: tuple[str, ...]) -> list[PartDiff]:
    """Part-by-part differences of two plan versions, milestones last (as dated lines)."""
    diffs = [
        PartDiff(label=labels[part], segments=diff_text(getattr(old, part), getattr(new, part)))
        for part in parts
    ]
    diffs.append(
        PartDiff(
            label=labels["milestones"],
            segments=diff_text(
                milestone_lines(old.milestones.all()), milestone_lines(new.milestones.all())
            ),
        )
    )
    return diffs
