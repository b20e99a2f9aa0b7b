import argparse

from django.core.management.base import BaseCommand

from demo.staff import USERNAME, demo_staff_create


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number from 1 to 65535")
    return number


class Command(BaseCommand):
    help = (
        "On a database nobody can sign in to (the demo's article authors have no password), "
        f"make the superuser {USERNAME} with a random password and print it, this once. "
        "On any other database, do nothing and print nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=_port,
            default=8000,
            help="The port the site is served on, for the sign-in address (default 8000).",
        )

    def handle(self, *args, **options):
        password = demo_staff_create()
        if password is None:
            return
        # Only the hash is stored: this is the one chance to read the password.
        self.stdout.write(
            "\n"
            + self.style.SUCCESS("A staff account for the admin (the password is shown only now):")
            + f"\n  sign in at  http://127.0.0.1:{options['port']}/admin/"
            f"\n  username    {USERNAME}"
            f"\n  password    {password}\n"
        )
