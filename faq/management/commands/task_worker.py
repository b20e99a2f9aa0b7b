import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from faq import services

logger = logging.getLogger(__name__)

# How often a running worker looks at the schedule (faq.services.schedule): a periodic
# task is queued at most this long after its period begins.
SCHEDULE_SECONDS = 15.0


def _schedule_forever(every: float) -> None:
    """Queue the periodic tasks that are due, every `every` seconds, until the process ends."""
    while True:
        time.sleep(every)
        try:
            services.schedule_run()
        except Exception:
            # The database away, say: the worker itself stops then and is started again;
            # until it does, try again next time rather than lose the schedule.
            logger.exception("The schedule could not run")
        finally:
            # This thread's own connections: a database that went away is not kept.
            connections.close_all()


class Command(BaseCommand):
    help = (
        "The task worker: queue again the mail and webhook deliveries that are due (a task "
        "may have been lost while the database was away) and the periodic tasks whose time "
        "has come (faq.services.schedule, looked at again every "
        f"{SCHEDULE_SECONDS:.0f} s by a thread), then run django-tasks' database worker "
        "(db_worker) until stopped. make run starts it beside the web server "
        "(deploy/serve.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument(
            "--batch", action="store_true", help="run what is due, then stop (tests, cron)"
        )
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=SCHEDULE_SECONDS,
            help="seconds between looks at the schedule",
        )

    def handle(self, *args, **options):
        resumed = services.mails_resume()
        if resumed:
            self.stdout.write(f"{resumed} waiting email(s) or webhook deliveries queued again.")
        # Once now, so a batch run (tests, cron) runs the periodic tasks that are due too.
        services.schedule_run()
        if not options["batch"]:
            threading.Thread(
                target=_schedule_forever,
                args=(options["schedule_every"],),
                daemon=True,
                name="schedule",
            ).start()
        worker_options = {"interval": options["interval"], "startup_delay": False}
        if options["batch"]:
            worker_options["batch"] = True
        call_command("db_worker", **worker_options)
