"""Members-area routes around best practices that are not Wagtail page URLs."""

urlpatterns: list = []
