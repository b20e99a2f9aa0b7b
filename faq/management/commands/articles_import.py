from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from faq import services


class Command(BaseCommand):
    help = (
        "Read an export of articles_export (a Markdown folder or a JSON file) back through "
        "the services, in one transaction: what differs is changed, what is missing is made, "
        "an article that matches its file is left alone. Statuses are kept as the file says."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The export's folder or JSON file.")
        parser.add_argument(
            "--keep-ids",
            action="store_true",
            help="Find articles by the file's ids and make missing articles and steps with "
            "them (into an empty database, say); without it ids are used only where the "
            "article with that id has the file's slug, and new rows get new ids.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, path: Path, keep_ids: bool, dry_run: bool, **options):
        try:
            report = services.articles_exchange_import(
                path=path, keep_ids=keep_ids, dry_run=dry_run
            )
        except services.ExchangeError as error:
            raise CommandError(f"{error} (nothing was imported)") from error
        verbosity = options["verbosity"]
        for line in report.lines:
            # Unchanged lines only when asked (-v 2): an export of thousands repeats them.
            if line.action != "unchanged" or verbosity >= 2:
                kind = "" if line.kind == "article" else f"{line.kind} "
                changes = f": {', '.join(line.changes)}" if line.changes else ""
                self.stdout.write(f"{line.action:<9} {kind}{line.name} ({line.file}){changes}")
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for kind in ("article", "topic", "team"):
            counts = report.counts(kind)
            self.stdout.write(
                f"{kind}s: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
