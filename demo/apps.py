from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo articles and reader activity: `manage.py load_demo` and `manage.py fill_activity`."""

    name = "demo"
    verbose_name = "Demo content"
