from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("new/", views.cycle_create_view, name="cycle_create"),
    path("generate/", views.cycle_generate, name="cycle_generate"),
    path("<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("<int:pk>/notice/", views.cycle_notice, name="cycle_notice"),
    path("<int:pk>/lock/", views.cycle_lock_view, name="cycle_lock"),
    path("a/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("a/<int:pk>/confirm/", views.assessment_confirm_view, name="assessment_confirm"),
    path("a/<int:pk>/ballots/", views.ballots_issue_view, name="ballots_issue"),
    path("a/<int:pk>/rate/", views.rate, name="rate"),
    path("a/<int:pk>/result/", views.result, name="result"),
    path("a/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("mine/", views.my_tasks, name="my_tasks"),
    path("vote/", views.vote, name="vote"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_edit, name="template_create"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("outcome/<int:pk>/", views.outcome_create, name="outcome_create"),
    path("talent-pool/", views.talent_pool, name="talent_pool"),
]
