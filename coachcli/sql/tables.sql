-- coach org analytics, step 1 of 2: typed tables from the org exports.
--
-- Input: a table `org_records` holding the org export lines (one row per line, one column per
-- JSON key, typed as docs/jsonl-schema.md says; `coach org sql` prints its definition and
-- the load for your engine). Every table below is keyed by `manager`. Dates are ISO text.
-- The three UNNEST statements are written per engine by `coach org sql`.

CREATE OR REPLACE TABLE org_reps AS
SELECT manager, rep, name, COALESCE(NULLIF(tier, ''), 'core') AS tier,
       COALESCE(active, TRUE) AS active
FROM org_records WHERE type = 'rep';

CREATE OR REPLACE TABLE org_sessions AS
SELECT manager, id, rep, date, week_no,
       COALESCE(minutes, 0) AS minutes,
       COALESCE(asked, 0) AS asked, COALESCE(told, 0) AS told,
       COALESCE(observed, 0) AS observed, useful, plan
FROM org_records WHERE type = 'session';

CREATE OR REPLACE TABLE org_session_banks AS
SELECT r.manager, r.id AS session, r.rep, r.date, r.week_no, b.bank
FROM org_records AS r CROSS JOIN UNNEST(r.banks) AS b(bank)
WHERE r.type = 'session';

CREATE OR REPLACE TABLE org_session_roles AS
SELECT r.manager, r.id AS session, r.date, x.role
FROM org_records AS r CROSS JOIN UNNEST(r.roles) AS x(role)
WHERE r.type = 'session';

CREATE OR REPLACE TABLE org_commitments AS
SELECT manager, id, rep, due, COALESCE(status, 'open') AS status
FROM org_records WHERE type = 'commitment';

CREATE OR REPLACE TABLE org_plans AS
SELECT manager, week, week_no, rep, "start" AS start_at,
       COALESCE(skipped, FALSE) AS skipped, session
FROM org_records WHERE type = 'plan';

CREATE OR REPLACE TABLE org_metric_counts AS
SELECT r.manager, r.rep, r.week_no, c.item.stage AS stage, c.item.count AS n
FROM org_records AS r CROSS JOIN UNNEST(r.counts) AS c(item)
WHERE r.type = 'metric';

CREATE OR REPLACE TABLE org_focus AS
SELECT DISTINCT manager, bank, transition, stage_from, stage_to
FROM org_records WHERE type = 'bank';

CREATE OR REPLACE TABLE org_calls AS
SELECT manager, id, rep, date, kind, call_minutes, manager_share,
       rep_share, other_share, manager_role, manager_questions_per_statement
FROM org_records WHERE type = 'call';
