"""Every page the benchmark measures (bench/pages.py) runs the same number of queries on a
province with one trainee and with fifty, and at most 12 (issue 16). The breakdown of each
count is in the page's own query-count test (tests/<app>/test_*quer*.py, test_pages.py,
test_trainee_pages.py, tests/office/test_dashboard.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import OrgUnit
from bench.pages import PAGES, find_scale
from bench.province import PROVINCE_CODE
from bench.runner import QUERY_LIMIT

from .province_data import FIFTY, ONE, province

# Queries of one request, by page (bench/pages.py keys), the same with 1 and 50 trainees.
EXPECTED = {
    "trainees": 6,
    "trainee": 7,  # the overview section (tests/cadets/test_trainee_sections.py has the others)
    "me": 7,  # with the conduct rules, read by the menu (may trainees read exemplary cases?)
    # The other sections of the trainee page, and of 我的 (the trainee's mentoring records
    # are not shared in the province data: no records query).
    "trainee-training": 8,
    "trainee-daily": 6,
    "trainee-evaluation": 6,
    "trainee-support": 5,
    "trainee-career": 4,
    "me-training": 10,
    "me-daily": 7,
    "me-evaluation": 8,
    "me-support": 5,
    "mentor-home": 3,
    "feedback-form": 5,
    "flagged": 2,
    "coverage": 9,
    "timeline": 8,
    "cycle": 5,  # with the county's 容错 case in the note, and its read audit-logged
    "talent-pool": 6,
    "leave": 4,
    "reports": 2,  # the province data has no reports: the user and the count, no rows
    "notifications": 5,  # with the done checks of the page's kinds (notifications/done.py)
    "dashboard": 12,  # city staff of one city
    "dashboard-province": 12,  # province staff
    "dashboard-due": 8,  # from the summary rows, those shown checked (office.due_list)
}


def _counts() -> dict[str, int]:
    from office.summaries import dashboard_refresh

    dashboard_refresh()  # as the beat's task would have
    scale = find_scale("province", OrgUnit.objects.get(code=PROVINCE_CODE))
    counts = {}
    clients: dict[str, Client] = {}
    for page in PAGES:
        if page.viewer not in clients:
            clients[page.viewer] = Client()
            clients[page.viewer].force_login(scale.user(page.viewer))
        client = clients[page.viewer]
        url = page.url(scale)
        assert client.get(url).status_code == 200, url  # warm-up (content types …)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[page.key] = len(captured.captured_queries)
    return counts


@pytest.mark.parametrize("sizes", [ONE, FIFTY], ids=["1 trainee", "50 trainees"])
def test_every_benchmarked_page_runs_the_pinned_number_of_queries(db, sizes):
    province(sizes)
    counts = _counts()
    assert counts == EXPECTED
    over = {key: n for key, n in counts.items() if n > QUERY_LIMIT}
    assert over == {}
