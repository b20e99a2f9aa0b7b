-- The tick on PostgreSQL in one statement, rendered from faq/statements/tracking.py
-- by `python -m faq.statements.tracking FILE`. A migration installs this file, and it
-- never changes once that has run: a new function is a new file and a new migration.
CREATE OR REPLACE FUNCTION faq_step_tick(p_article bigint, p_step bigint, p_key uuid, p_user bigint, p_done boolean, p_now timestamptz, p_published text, p_version_row integer, p_new text, p_seen text, p_language text DEFAULT 'en')
RETURNS TABLE (out_kind text, out_n1 bigint, out_n2 bigint, out_n3 bigint, out_n4 bigint,
  out_flag boolean, out_t1 text, out_t2 text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_tickable boolean;
  v_visitor bigint;
  v_locked_run bigint;
BEGIN
SELECT EXISTS (
    SELECT 1 FROM faq_step s JOIN faq_article a ON a.id = s.article_id
    WHERE s.id = p_step AND a.id = p_article AND a.status = p_published
      AND s.removed_at IS NULL
), (SELECT id FROM faq_visitor WHERE key = p_key OR user_id = p_user) INTO v_tickable, v_visitor;
IF NOT v_tickable THEN
  RETURN;
END IF;
IF v_visitor IS NULL THEN
INSERT INTO faq_visitor (key, user_id, created_at) VALUES (p_key, p_user, p_now)
ON CONFLICT DO NOTHING;
SELECT id FROM faq_visitor WHERE key = p_key OR user_id = p_user INTO v_visitor;
END IF;
IF p_done THEN
INSERT INTO faq_run (article_id, visitor_id, started_at, updated_at, outcome, language)
VALUES (p_article, v_visitor, p_now, p_now, '', p_language)
ON CONFLICT (visitor_id, article_id) WHERE reset_at IS NULL DO NOTHING;
SELECT id FROM faq_run WHERE article_id = p_article AND visitor_id = v_visitor AND reset_at IS NULL FOR UPDATE INTO v_locked_run;
INSERT INTO faq_check (run_id, step_id, checked_at, run_started_at, seconds, language)
SELECT r.id, p_step, p_now, r.started_at, (
    SELECT date_part('epoch', p_now) - date_part('epoch', p.checked_at)
    FROM faq_step s
    CROSS JOIN faq_step ps
    CROSS JOIN faq_check p
    WHERE s.id = p_step AND s.removed_at IS NULL
      AND ps.article_id = s.article_id AND ps.position = s.position - 1
      AND ps.removed_at IS NULL
      AND p.run_id = r.id AND p.step_id = ps.id AND p.checked_at <= p_now
), p_language
FROM faq_run r
WHERE r.article_id = p_article AND r.visitor_id = v_visitor AND r.reset_at IS NULL
ON CONFLICT DO NOTHING;
UPDATE faq_run SET updated_at = p_now, furthest_position = (
    SELECT MAX(s.position) FROM faq_check c CROSS JOIN faq_step s
    WHERE c.run_id = faq_run.id AND s.id = c.step_id AND s.article_id = faq_run.article_id
      AND s.removed_at IS NULL
),
  finished_at = CASE
    WHEN finished_at IS NULL AND NOT EXISTS (
      SELECT 1 FROM faq_step s
      WHERE s.article_id = faq_run.article_id AND s.removed_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM faq_check c WHERE c.run_id = faq_run.id AND c.step_id = s.id
      )
    ) THEN p_now
    ELSE finished_at
  END
WHERE article_id = p_article AND visitor_id = v_visitor AND reset_at IS NULL;
ELSE
UPDATE faq_run SET updated_at = p_now, furthest_position = (
    SELECT MAX(s.position) FROM faq_check c CROSS JOIN faq_step s
    WHERE c.run_id = faq_run.id AND s.id = c.step_id AND s.article_id = faq_run.article_id
      AND s.removed_at IS NULL AND c.step_id <> p_step
)
WHERE article_id = p_article AND visitor_id = v_visitor AND reset_at IS NULL;
DELETE FROM faq_check WHERE step_id = p_step AND run_id = (SELECT id FROM faq_run WHERE article_id = p_article AND visitor_id = v_visitor AND reset_at IS NULL);
UPDATE faq_check SET seconds = (
    SELECT date_part('epoch', faq_check.checked_at) - date_part('epoch', p.checked_at)
    FROM faq_step s
    CROSS JOIN faq_step ps
    CROSS JOIN faq_check p
    WHERE s.id = faq_check.step_id AND s.removed_at IS NULL
      AND ps.article_id = s.article_id AND ps.position = s.position - 1
      AND ps.removed_at IS NULL
      AND p.run_id = faq_check.run_id AND p.step_id = ps.id AND p.checked_at <= faq_check.checked_at
)
WHERE run_id = (SELECT id FROM faq_run WHERE article_id = p_article AND visitor_id = v_visitor AND reset_at IS NULL) AND step_id IN (
    SELECT n.id FROM faq_step s CROSS JOIN faq_step n
    WHERE s.id = p_step AND s.removed_at IS NULL AND n.article_id = s.article_id
      AND n.position = s.position + 1 AND n.removed_at IS NULL
);
END IF;
RETURN QUERY WITH a AS (
    SELECT id, slug, view_count, yes_count, no_count, review_by, vote_era, steps_changed_at
    FROM faq_article WHERE id = p_article AND status = p_published
),
me AS (SELECT id FROM faq_visitor WHERE id = v_visitor),
run AS (
    SELECT r.id, r.outcome,
        COALESCE(r.started_at < (SELECT steps_changed_at FROM a), FALSE) AS changed
    FROM faq_run r
    WHERE r.article_id = p_article AND r.visitor_id = (SELECT id FROM me)
      AND r.reset_at IS NULL
)
SELECT 'article', CAST(view_count AS BIGINT), CAST(yes_count AS BIGINT),
    CAST(no_count AS BIGINT),
    COALESCE((SELECT value FROM faq_contentversion WHERE id = p_version_row), 0),
    CAST(NULL AS BOOLEAN), CAST(slug AS TEXT), CAST(review_by AS TEXT)
FROM a
UNION ALL
SELECT 'run', id, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), changed,
    CAST(outcome AS TEXT), CAST(NULL AS TEXT)
FROM run
UNION ALL
SELECT 'done', step_id, NULL, NULL, NULL, NULL, NULL, NULL FROM faq_check
WHERE run_id IN (SELECT id FROM run)
UNION ALL
SELECT 'stuck', s.step_id, NULL, NULL, NULL, NULL, NULL, NULL FROM faq_stuckreport s
JOIN faq_inboxitem i ON i.stuck_report_id = s.id
WHERE s.run_id IN (SELECT id FROM run) AND i.status IN (p_new, p_seen)
UNION ALL
SELECT 'vote', v.id, NULL, NULL, NULL, v.helpful, v.reason, NULL FROM faq_vote v
WHERE v.article_id = p_article AND v.visitor_id = (SELECT id FROM me)
  AND v.era = (SELECT vote_era FROM a);
END
$$
