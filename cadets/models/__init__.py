"""Models of the cadets app, one module per topic; import them from here."""

from .plan import PlanEvent, PlanMilestone, PlanQuerySet, TrainingPlan  # noqa: F401
from .trainee import (  # noqa: F401
    MSG_BIRTH_MISMATCH,
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
