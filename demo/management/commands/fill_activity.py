import argparse
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.activity import ActivityExistsError, activity_fill


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 0 or more")
    return number


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-03-31") from None


class Command(BaseCommand):
    help = (
        "Fill a database that has no readers yet with realistic reader activity: visitors, "
        "views, votes, runs, checks, stuck reports and inbox items. The same seed, sizes and "
        "--end make the same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=_count,
            default=40,
            help="Articles in the database afterwards, the demo ones included (default 40).",
        )
        parser.add_argument(
            "--runs", type=_count, default=2000, help="Passes through steps (default 2000)."
        )
        parser.add_argument(
            "--checks",
            type=_count,
            default=15000,
            help="Ticked steps in all; the drop-off is tuned to land within 1%% (default 15000).",
        )
        parser.add_argument(
            "--views",
            type=_count,
            default=10000,
            help="Views by readers who never start the steps, on top of one per run "
            "(default 10000).",
        )
        parser.add_argument("--seed", type=int, default=1, help="The random seed (default 1).")
        parser.add_argument(
            "--days",
            type=_count,
            default=90,
            help="Days the activity spreads over, ending on --end (default 90).",
        )
        parser.add_argument(
            "--end", type=_day, default=None, help="The last day, as 2025-03-31 (default today)."
        )

    def handle(self, *args, **options):
        # call_command(end="2025-03-31") hands the option over unparsed.
        end = options["end"] or timezone.localdate()
        if isinstance(end, str):
            end = _day(end)
        sizes = {name: options[name] for name in ("articles", "runs", "checks", "views", "days")}
        if any(value < 0 for value in sizes.values()) or sizes["days"] < 1:
            raise CommandError("Sizes must be 0 or more, and --days at least 1.")
        started = time.perf_counter()
        try:
            summary = activity_fill(
                **sizes,
                seed=options["seed"],
                end=end,
                stdout=self.stdout if options["verbosity"] > 1 else None,
            )
        except ActivityExistsError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Made {summary.articles} articles, {summary.steps} steps, "
            f"{summary.visitors} visitors, {summary.runs} runs, {summary.checks} checks, "
            f"{summary.stuck_reports} stuck reports, {summary.votes} votes, "
            f"{summary.views} views and {summary.inbox_items} inbox items "
            f"in {seconds:.1f} s."
        )
        wanted = sizes["checks"]
        if summary.runs and summary.checks_possible < wanted * 0.99:
            self.stderr.write(
                f"Asked for {wanted} checks, but these runs can tick at most "
                f"{summary.checks_possible} steps: ask for more runs or fewer checks."
            )
