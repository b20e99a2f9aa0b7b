"""Accounts at OpenID providers linked to users: their own app, so their table's migrations
stand apart from the knowledge base's."""
