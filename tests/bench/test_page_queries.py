"""Every page the benchmark measures (bench/pages.py) runs the same number of queries on a
province with one trainee and with fifty, and at most the pinned number. The breakdown of each
count is in the page's own query-count test (tests/<app>/test_*quer*.py, test_pages.py,
test_trainee_pages.py); issue 9's target is at most 8."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.pages import PAGES, find_subjects

from .province_data import FIFTY, ONE, province

# Queries of one request, by page (bench/pages.py keys). The session is read from Redis and the
# user comes with their unit, unread count and counties in one query (accounts.backends). The
# trainee page and the growth file fetch every section's rows in one query
# (accounts.batch.fetch_together).
EXPECTED = {
    # the user, the filter's choices, the page's rows with the list's count
    "trainees": 3,
    "trainees-deep": 3,
    "trainees-filtered": 4,  # + the chosen county, checked against its queryset
    "trainees-search": 3,
    # the user with the bell's count, the trainee, every panel's rows and the history,
    # permissions
    "trainee": 4,
    # the user, the trainee with every part's rows (a printable page: no bell)
    "growth-file": 2,
    # the user, the coverage warnings, the latest cycles, every other section's rows (what is
    # due comes after the page, office:dashboard_due)
    "dashboard": 4,
    # the user, the reminder settings, the mentoring rules, and every reminder provider's rows
    # (counted, and the first of each list) in one statement (office.dashboard.due_and_overdue)
    "dashboard-due": 4,
    # the user, the mentor with every pairing's row (mentors.selectors._home_rows_sql)
    "mentor-home": 2,
    "flagged": 2,
    "timeline": 5,
    "coverage": 5,
    # the user, the cycle with its weights and figures, the page's assessments with their
    # raters, scores and tallies
    "cycle": 3,
    # the user, the filter's choices, the count, the page's rows with their entries and grades
    "talent-pool": 4,
    # the user, the page's notifications with their total (a window count)
    "notifications": 2,
}


def _counts() -> dict[str, int]:
    subjects = find_subjects()
    counts = {}
    clients: dict[str, Client] = {}
    for page in PAGES:
        if page.viewer not in clients:
            clients[page.viewer] = Client()
            clients[page.viewer].force_login(subjects.user(page.viewer))
        client = clients[page.viewer]
        url = page.url(subjects)
        assert client.get(url).status_code == 200, url  # warm-up (content types …)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[page.key] = len(captured.captured_queries)
    return counts


@pytest.mark.parametrize("sizes", [ONE, FIFTY], ids=["1 trainee", "50 trainees"])
def test_every_benchmarked_page_runs_the_pinned_number_of_queries(db, sizes):
    province(sizes)
    assert _counts() == EXPECTED
