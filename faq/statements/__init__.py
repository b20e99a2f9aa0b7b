"""The raw SQL of each feature, one module a feature, as text.

Written out where the ORM cost more to compile than the database took to run,
or where it has no words for what is needed. These modules only hold and
compose text: they import no model, read no setting and open no connection, so
a migration can use them and a renderer can write them to a file. The code that
runs them keeps its layer: services run the writes, selectors the reads.
faq.sql spells what the two databases spell differently; the search engines
keep their SQL in faq/search/.

    rollup      the funnel's rule: a run's furthest step, a check's seconds since
                the step before; the recount after an edit
    tracking    the tick's statements, the reader's state read with them, and the
                PostgreSQL function rendered from both
    visitors    finding a reader's visitor row
    statistics  the staff's overview and an article's step funnel
"""
