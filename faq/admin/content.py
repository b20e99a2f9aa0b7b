"""What the public pages show, edited in the admin: a change makes their cached copies stale."""

from django.contrib import admin

from faq import services


class PublicContentAdmin(admin.ModelAdmin):
    """Admin for what the public pages show: a save or a delete makes their cached copies stale."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.content_version_bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.content_version_bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.content_version_bump()

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting what readers may have bookmarked is
        # for superusers, whatever permissions a group was given.
        return request.user.is_superuser
