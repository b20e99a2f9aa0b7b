"""Finding a reader's visitor row, and making it on their first write.

VISITOR_ROW is ready to run. VISITOR_ID and VISITOR_ADD are templates for the tick
(faq.statements.tracking), whose {placeholders} it fills with its parameters as
Python or PL/pgSQL spells them.
"""

# The row of a returning reader, by one of their ids: what every tick and vote
# of theirs asks first.
VISITOR_ROW = {
    column: f"SELECT id, key, user_id FROM faq_visitor WHERE {column} = %s"  # noqa: S608
    for column in ("key", "user_id")
}

# The row's id, by whichever of the two ids the reader has (the other is null).
VISITOR_ID = "SELECT id FROM faq_visitor WHERE key = {key} OR user_id = {user}"
# Made on the reader's first write; a parallel first write waits for this one's
# and then finds it.
VISITOR_ADD = """
INSERT INTO faq_visitor (key, user_id, created_at) VALUES ({key}, {user}, {now})
ON CONFLICT DO NOTHING
"""
