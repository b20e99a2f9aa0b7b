from django.core.management.base import BaseCommand

from faq import services


class Command(BaseCommand):
    help = "Recount each article's views, yes and no from their rows and report any drift."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Correct the counters that drifted.")

    def handle(self, *args, fix: bool = False, **options):
        drifts = services.counters_recount(fix=fix)
        for drift in drifts:
            self.stdout.write(
                f"article {drift.article_id}: {drift.field} is {drift.stored}, "
                f"rows say {drift.actual}"
            )
        verb = "fixed" if fix else "found"
        self.stdout.write(f"{len(drifts)} drifted counter(s) {verb}.")
        if drifts and not fix:
            raise SystemExit(1)
