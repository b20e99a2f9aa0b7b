from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from faq import services


class Command(BaseCommand):
    help = (
        "Write every article (drafts too) with its steps, screenshots and translations, and "
        "the topics and teams, to a folder of Markdown files or one JSON file. The same "
        "database gives the same bytes; articles_import reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The folder (markdown) or file (json).")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=services.EXCHANGE_FORMATS,
            default="markdown",
            help="markdown: a folder, a file per article and language, images/ beside; "
            "json: one file, screenshots embedded as base64. Default: markdown.",
        )

    def handle(self, *args, path: Path, fmt: str, **options):
        try:
            result = services.articles_exchange_export(path=path, fmt=fmt)
        except services.ExchangeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.articles} article(s) and {result.images} screenshot file(s) exported "
            f"to {path} ({fmt}, {result.files} file(s))."
        )
