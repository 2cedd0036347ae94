"""Outcomes after training and the talent pool list."""

from assessments.models import Outcome
from assessments.services import MSG_POOL_REQUIRED


def test_staff_record_a_talent_pool_entry_and_find_it_by_field(world, login):
    client = login(world.users["county_staff"])
    missing_pool = client.post(
        f"/assessments/outcome/{world.own.pk}/",
        {"kind": "talent_pool", "reason": "期满考核优秀", "decided_on": "2026-11-20"},
    )
    assert str(MSG_POOL_REQUIRED) in missing_pool.content.decode()
    assert not Outcome.objects.exists()
    response = client.post(
        f"/assessments/outcome/{world.own.pk}/",
        {
            "kind": "talent_pool",
            "pool": "excellent",
            "reason": "期满考核优秀",
            "decided_on": "2026-11-20",
        },
    )
    assert response.status_code == 302
    assert client.get("/assessments/talent-pool/?major=公共").content.decode().count(world.own.name)
    assert world.own.name not in client.get("/assessments/talent-pool/?major=法学").content.decode()
    assert (
        world.own.name
        not in client.get("/assessments/talent-pool/?min_excellent=1").content.decode()
    )
