"""Demo posts, two years of rotations per trainee and a few front-line tasks.

Each township gets one office post per township category (capacity 2) and, in each of its
villages, the two village postings (capacity 1). A trainee serves eight three-month slots from
the day they reported: the six township categories once and a six-month village posting, the
order shifted by the trainee's place in their township and cohort so that no post is ever over
capacity. Every rotation goes through `rotation_assign_batch`, so the demo obeys every rule.

One trainee (the last one seeded) left their first post after two months, below the rules'
minimum, so the demo shows a rotation with its length exception and reason; their second post
starts a month early.

For the reminders (rotations/reminders.py), one trainee of the first township has their current
rotation end ten days after the demo is seeded with no next post yet: the `township` login is
told to arrange one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.utils import timezone

from accounts.models import User
from cadets.models import Trainee, add_months

from .models import KeyTask, Post, PostCategory, Rotation, RotationRules
from .services import RotationProposal, rotation_assign_batch, rotation_cancel, rotation_end

TOWNSHIP_POSTS = [
    ("党政综合", "党政综合办公室"),
    ("党建群团", "党建工作办公室"),
    ("经济发展", "经济发展办公室"),
    ("社会事务", "社会事务办公室"),
    ("综合治理", "综合治理办公室"),
    ("乡村振兴", "乡村振兴办公室"),
]
VILLAGE_POSTS = ["村党组织书记助理", "村委会主任助理"]  # one per cohort, so cohorts never clash
VILLAGE = "村任职"
SLOT_MONTHS = 3
# Eight slots of three months: six township categories, then two slots in a village.
SLOTS = [name for name, _ in TOWNSHIP_POSTS] + [VILLAGE, VILLAGE]
REASONS = {0: "报到后首岗安排", 1: "按培养方案轮岗"}
SHORT_FIRST_POST = "抽调参加县防汛指挥部工作，经县委组织部同意提前一个月转岗"
# (kind, task, what the trainee did, outcome)
KEY_TASKS = [
    (KeyTask.Kind.GRID, "网格化管理", "参与网格员队伍建设和矛盾纠纷排查", "化解矛盾纠纷12件"),
    (KeyTask.Kind.EMERGENCY, "防汛应急值守", "汛期驻村值守，协助转移群众", "转移群众46人"),
    (KeyTask.Kind.PROJECT, "高标准农田建设", "负责项目进度台账和群众协调", "项目按期验收"),
    (KeyTask.Kind.VILLAGE_CONTACT, "包村驻点", "驻村走访农户，收集民情", "走访农户120户"),
]


def seed(ctx: dict) -> None:
    if Post.objects.exists():
        return
    PostCategory.ensure_defaults()
    RotationRules.current()
    categories = {c.name: c for c in PostCategory.objects.all()}
    posts: dict[tuple, Post] = {}
    for township in ctx["townships"]:
        for category, name in TOWNSHIP_POSTS:
            posts[(township.pk, category)] = Post.objects.create(
                name=name, category=categories[category], township=township, capacity=2
            )
        for village in township.children.order_by("code"):
            for name in VILLAGE_POSTS:
                posts[(village.pk, name)] = Post.objects.create(
                    name=name,
                    category=categories[VILLAGE],
                    township=township,
                    village=village,
                    capacity=1,
                )
    cohort_index = {cohort.pk: i for i, cohort in enumerate(ctx["cohorts"])}
    places: dict[tuple, int] = {}
    proposals = []
    short_first_post = ctx["trainees"][-1] if ctx["trainees"] else None
    for trainee in ctx["trainees"]:
        key = (trainee.township_id, trainee.cohort_id)
        place = places[key] = places.get(key, -1) + 1
        villages = list(trainee.township.children.order_by("code"))
        village_post = posts[
            (villages[place % len(villages)].pk, VILLAGE_POSTS[cohort_index[trainee.cohort_id]])
        ]
        two_years = list(_two_years(trainee, place, posts, village_post))
        if trainee is short_first_post:
            _shorten_first_post(two_years)
        proposals.extend(two_years)
    admin = User.objects.get(username="admin")
    rotation_assign_batch(actor=admin, proposals=proposals)
    _key_tasks(ctx["trainees"], admin)
    _ending_soon(ctx["trainees"], ctx["townships"][0], admin)


def _two_years(trainee: Trainee, place: int, posts: dict, village_post: Post):
    order = [SLOTS[(slot + place) % len(SLOTS)] for slot in range(len(SLOTS))]
    slot = 0
    while slot < len(order):
        length = 1
        while slot + length < len(order) and order[slot + length] == order[slot]:
            length += 1
        category = order[slot]
        post = village_post if category == VILLAGE else posts[(trainee.township_id, category)]
        starts_on = add_months(trainee.reported_on, slot * SLOT_MONTHS)
        ends_on = add_months(trainee.reported_on, (slot + length) * SLOT_MONTHS)
        yield RotationProposal(
            trainee=trainee,
            post=post,
            starts_on=starts_on,
            ends_on=ends_on - dt.timedelta(days=1),
            reason=REASONS[min(slot, 1)],
        )
        slot += length


def _shorten_first_post(proposals: list[RotationProposal]) -> None:
    """The first post ends a month early (a length exception with its reason); the second
    starts a month early, so there is no gap."""
    first, second = proposals[0], proposals[1]
    ends_on = add_months(first.starts_on, SLOT_MONTHS - 1) - dt.timedelta(days=1)
    proposals[0] = replace(first, ends_on=ends_on, length_exception=SHORT_FIRST_POST)
    proposals[1] = replace(second, starts_on=ends_on + dt.timedelta(days=1))


def _key_tasks(trainees: list[Trainee], actor: User) -> None:
    tasks = []
    for i, trainee in enumerate(trainees):
        for n in range(i % 3):
            kind, title, description, outcome = KEY_TASKS[(i + n) % len(KEY_TASKS)]
            starts_on = add_months(trainee.reported_on, 2 + 4 * n)
            tasks.append(
                KeyTask(
                    trainee=trainee,
                    kind=kind,
                    title=title,
                    role=KeyTask.Role.LEAD if (i + n) % 4 == 0 else KeyTask.Role.PARTICIPANT,
                    starts_on=starts_on,
                    ends_on=starts_on + dt.timedelta(days=30),
                    description=description,
                    outcome=outcome,
                    created_by=actor,
                )
            )
    KeyTask.objects.bulk_create(tasks)


ENDING_IN_DAYS = 10


def _ending_soon(trainees: list[Trainee], township, actor: User) -> None:
    """The newest cohort's second trainee of `township`: the rotation running today ends in ten
    days and the posts planned after it are cancelled (not the first trainee of a cohort, whom
    the browser tests use, nor the `trainee` login)."""
    today = timezone.localdate()
    ends_on = today + dt.timedelta(days=ENDING_IN_DAYS)
    candidates = [
        t
        for t in trainees
        if t.township_id == township.pk and t.training_ends_on > ends_on + dt.timedelta(days=1)
    ]
    candidates.sort(key=lambda t: (-t.cohort.year, t.pk))
    for trainee in candidates[1:2]:
        current = Rotation.objects.filter(trainee=trainee).on(today).first()
        if current is None:
            return
        for later in Rotation.objects.filter(trainee=trainee, starts_on__gt=today):
            rotation_cancel(actor=actor, rotation=later, today=today)
        rotation_end(
            actor=actor, rotation=current, ends_on=ends_on, reason="借调县委办，待定下一岗位"
        )
