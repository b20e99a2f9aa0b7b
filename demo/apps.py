from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo articles, a staff account and reader activity: the commands in management/commands/."""

    name = "demo"
    verbose_name = "Demo content"
