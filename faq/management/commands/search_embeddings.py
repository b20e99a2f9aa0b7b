from django.core.management.base import BaseCommand

from faq import services
from faq.search import semantic


class Command(BaseCommand):
    help = (
        "Embed the search documents that have no embedding by the current model yet "
        "(articles indexed before it, or while it could not load), and find the related "
        "articles of those without any. make run runs it."
    )

    def handle(self, *args, **options):
        if semantic.model() is None:
            self.stderr.write("The search model could not load: search stays full text only.")
            return
        done = services.search_embeddings_fill()
        self.stdout.write(f"{done} search document(s) embedded with {semantic.MODEL_NAME}.")
        related = services.related_fill()
        self.stdout.write(f"{related} related article(s) found.")
