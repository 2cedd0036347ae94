"""The floor of the trainee page (bench/floors.py) — not written yet, so the bench prints n/a.

To write: one statement returning the trainee with every panel's rows as JSON columns (plan
and milestones, rotations with posts and the rules, key tasks, mentors, records, leave,
reports, assessments, outcomes, talks, history), turned into each panel's context as
`cadets.panels.panels_for` builds it, rendered with cadets/trainee_detail.html."""


def trainee_detail(subjects, request):
    return None
