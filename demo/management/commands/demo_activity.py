import os
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.activity import ActivityExistsError, activity_fill

# A few hundred readers on the demo's own articles: enough for every statistics
# page and the EndNote funnel to say something, made in well under a second.
# The days end yesterday, so that nothing lies in the future and all of it falls
# in the statistics' default period, the last 30 days.
SIZES = {"articles": 0, "runs": 300, "checks": 1800, "views": 900, "days": 29}
SWITCH = "DEMO_ACTIVITY"
ON = {"", "1", "true", "yes", "on"}
OFF = {"0", "false", "no", "off"}


class Command(BaseCommand):
    help = (
        "Add a little reader activity to the demo (visitors, views, votes, runs, checks, stuck "
        "reports over the 29 days before today) so the statistics and the step funnel show "
        "something. "
        f"Does nothing on a database that already has readers, or when {SWITCH}=0."
    )

    def handle(self, *args, **options):
        raw = os.environ.get(SWITCH, "")
        switch = raw.strip().lower()
        if switch not in ON | OFF:
            raise CommandError(f"{SWITCH} is 1 (add reader activity) or 0 (don't), not {raw!r}.")
        if switch in OFF:
            self.stdout.write(f"Reader activity: none added ({SWITCH}=0).")
            return
        try:
            made = activity_fill(**SIZES, seed=1, end=timezone.localdate() - timedelta(days=1))
        except ActivityExistsError:
            # A second `make run`, or a site with real readers: never add to them.
            self.stdout.write("Reader activity: none added, the database already has readers.")
            return
        self.stdout.write(
            f"Reader activity: {made.visitors} visitors, {made.views} views, {made.votes} votes, "
            f"{made.runs} runs, {made.checks} checks and {made.stuck_reports} stuck reports "
            f"over the {SIZES['days']} days before today."
        )
