"""Area pages."""

app_name = "areas"
urlpatterns: list = []
