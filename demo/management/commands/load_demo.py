from django.core.management.base import BaseCommand

from demo.loader import demo_load


class Command(BaseCommand):
    help = "Load the demo help desk (the EndNote FAQ and its neighbours). Safe to run twice."

    def handle(self, *args, **options):
        made = demo_load()
        self.stdout.write(f"Demo content: {made} article(s) added.")
