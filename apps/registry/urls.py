"""Registry pages."""

app_name = "registry"
urlpatterns: list = []
