"""Models of the cadets app, one module per topic; import them from here."""

from .leave import (  # noqa: F401
    MSG_LEAVE_END_BEFORE_START,
    LeaveApproval,
    LeaveApprovalLevel,
    LeavePolicy,
    LeaveRequest,
    leave_days,
)
from .plan import PlanEvent, PlanMilestone, PlanQuerySet, TrainingPlan  # noqa: F401
from .report import ReportComment, ReportPolicy, WorkReport, period_start  # noqa: F401
from .trainee import (  # noqa: F401
    MSG_BIRTH_MISMATCH,
    MSG_ID_TAKEN,
    MSG_PARTY_DATE,
    MSG_REPORTED_BEFORE_BIRTH,
    MSG_STATUS_TRANSITION,
    MSG_TOWNSHIP_OUTSIDE_COUNTY,
    MSG_VILLAGE_OUTSIDE_TOWNSHIP,
    Cohort,
    Programme,
    Trainee,
    TraineeQuerySet,
    add_months,
)
