"""The editor's block endpoints, under /admin/blocks/ (signed-in staff only)."""

app_name = "blocks"
urlpatterns = []
