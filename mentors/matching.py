"""Matching suggestions: which mentors suit a trainee (issue 4, "Mentorships").

`rank_mentors` is pure — plain values in, an ordered list out — so the ranking is tested without
a database; `suggest_mentors` (mentors/selectors.py) feeds it from the database.

A mentor scores for
- field: their field of expertise matches the trainee's major or training plan (3 points);
- place: same township (2 points) or same county (1 point);
- load: room under their maximum number of mentees (1 point); a full mentor is ranked last.
Ties go to the mentor with the lighter load, then by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIELD_POINTS = 3
TOWNSHIP_POINTS = 2
COUNTY_POINTS = 1
CAPACITY_POINTS = 1

# Fields of expertise and the words in a major or plan that suit them. Matching on words, not
# on a taxonomy: majors are free text in the records.
FIELD_AFFINITY: dict[str, tuple[str, ...]] = {
    "农业经济": ("农业", "农林", "经济", "农村", "畜牧", "园艺"),
    "基层党建": ("马克思", "党建", "思想政治", "政治", "中共党史", "汉语言"),
    "社会治理": ("社会", "公共管理", "行政管理", "治理", "心理"),
    "项目建设": ("土木", "工程", "建筑", "交通", "水利"),
    "乡村规划": ("规划", "环境", "地理", "生态", "建筑"),
    "法律事务": ("法学", "法律", "政法", "知识产权"),
    "财务管理": ("会计", "财务", "金融", "审计", "经济"),
    "信息化": ("计算机", "软件", "信息", "数据", "电子"),
}


@dataclass(frozen=True)
class TraineeProfile:
    major: str
    county_id: int | None
    township_id: int | None
    plan_text: str = ""  # goals of the training plan, when the plans app provides them


@dataclass(frozen=True)
class MentorCandidate:
    mentor_id: int
    name: str
    expertise: str
    county_id: int | None
    township_id: int | None
    load: int
    capacity: int


@dataclass(frozen=True)
class Suggestion:
    candidate: MentorCandidate
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def has_room(self) -> bool:
        return self.candidate.load < self.candidate.capacity


def field_matches(expertise: str, text: str) -> bool:
    expertise, text = expertise.strip(), text.strip()
    if not expertise or not text:
        return False
    if expertise in text or text in expertise:
        return True
    return any(word in text for word in FIELD_AFFINITY.get(expertise, ()))


def rank_mentors(profile: TraineeProfile, candidates: list[MentorCandidate]) -> list[Suggestion]:
    suggestions = [_score(profile, candidate) for candidate in candidates]
    return sorted(
        suggestions,
        key=lambda s: (
            not s.has_room,
            -s.score,
            s.candidate.load / max(s.candidate.capacity, 1),
            s.candidate.name,
            s.candidate.mentor_id,
        ),
    )


# Reason codes, turned into words by the template (mentors/_suggestions.html).
REASON_FIELD = "field"
REASON_TOWNSHIP = "township"
REASON_COUNTY = "county"
REASON_ROOM = "room"
REASON_FULL = "full"


def _score(profile: TraineeProfile, candidate: MentorCandidate) -> Suggestion:
    score, reasons = 0, []
    if field_matches(candidate.expertise, f"{profile.major} {profile.plan_text}"):
        score += FIELD_POINTS
        reasons.append(REASON_FIELD)
    if candidate.township_id and candidate.township_id == profile.township_id:
        score += TOWNSHIP_POINTS
        reasons.append(REASON_TOWNSHIP)
    elif candidate.county_id and candidate.county_id == profile.county_id:
        score += COUNTY_POINTS
        reasons.append(REASON_COUNTY)
    if candidate.load < candidate.capacity:
        score += CAPACITY_POINTS
        reasons.append(REASON_ROOM)
    else:
        reasons.append(REASON_FULL)
    return Suggestion(candidate=candidate, score=score, reasons=reasons)
