from django.core.management import call_command
from django.core.management.base import BaseCommand

from faq import services


class Command(BaseCommand):
    help = (
        "The task worker: queue again the mail that is due (a task may have been lost while "
        "the database was away), then run django-tasks' database worker (db_worker) until "
        "stopped. make run starts it beside the web server (deploy/serve.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument(
            "--batch", action="store_true", help="run what is due, then stop (tests, cron)"
        )

    def handle(self, *args, **options):
        resumed = services.mails_resume()
        if resumed:
            self.stdout.write(f"{resumed} waiting email(s) queued again.")
        worker_options = {"interval": options["interval"], "startup_delay": False}
        if options["batch"]:
            worker_options["batch"] = True
        call_command("db_worker", **worker_options)
