"""The floor of the trainee page (bench/floors.py): not written yet — the bench prints n/a."""


def trainee_detail(subjects, request):
    return None
