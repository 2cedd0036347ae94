from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import KeyTask, KeyTaskAttachment, Post, PostCategory, Rotation, RotationRules


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "township", "village", "capacity", "is_active"]
    list_filter = ["category", "is_active"]
    list_select_related = ["category", "township", "village"]
    raw_id_fields = ["township", "village"]


@admin.register(Rotation)
class RotationAdmin(SimpleHistoryAdmin):
    """Read-only: rotations are written through rotations.services, which holds the rules."""

    list_display = ["trainee", "post", "starts_on", "ends_on"]
    list_select_related = ["trainee", "post__village"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(PostCategory, SimpleHistoryAdmin)
admin.site.register(RotationRules, SimpleHistoryAdmin)
admin.site.register(KeyTask, SimpleHistoryAdmin)
admin.site.register(KeyTaskAttachment)
