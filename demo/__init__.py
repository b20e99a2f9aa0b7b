"""The demo content (the EndNote FAQ and its neighbours) and the reader-activity generator.

Not the product: a Django app of its own so that `faq/` holds the product alone.
"""
