-- coach org analytics, step 2 of 2: the `coach stats` figures per manager and in total.
--
-- Input: the tables of tables.sql and a one-row table `org_params` with the window:
--   first_day, last_day      ISO dates as text: Monday of the first week, and "today"
--   first_week_no, last_week_no   the same weeks as `week_no` (ISO weeks since 1970-01-05)
--   days                     days in the window (last_day - first_day + 1)
--   weeks                    weeks in the window (`--weeks`)
-- `coach org sql --today D --weeks N` prints it for that window.
-- Output: `org_stats`, one row per manager plus one with is_total = TRUE. Ratios are
-- unrounded (coach rounds them to 4 places); NULL where the denominator is 0.

CREATE OR REPLACE TABLE org_managers AS
SELECT DISTINCT manager FROM org_records;

CREATE OR REPLACE TABLE org_window_sessions AS
SELECT s.manager, s.id, s.rep, s.date, s.week_no, s.minutes, s.asked, s.told, s.observed,
       s.useful,
       CASE WHEN r.tier IN ('top', 'core', 'developing') THEN r.tier ELSE 'core' END AS tier
FROM org_sessions AS s
CROSS JOIN org_params AS w
LEFT JOIN org_reps AS r ON r.manager = s.manager AND r.rep = s.rep
WHERE s.date BETWEEN w.first_day AND w.last_day;

-- A planned slot is held when it names its session or a session names it (at any date).
CREATE OR REPLACE TABLE org_window_plans AS
SELECT p.manager, p.rep, p.skipped,
       (COALESCE(p.session, '') <> '' OR k.plan IS NOT NULL) AS held
FROM org_plans AS p
CROSS JOIN org_params AS w
LEFT JOIN (
    SELECT DISTINCT manager, plan FROM org_sessions WHERE COALESCE(plan, '') <> ''
) AS k ON k.manager = p.manager AND k.plan = p.week || ':' || p.rep
WHERE p.week_no BETWEEN w.first_week_no AND w.last_week_no
  AND SUBSTRING(p.start_at, 1, 10) <= w.last_day;

-- The first session per (rep, transition) in the window, and that transition's conversion
-- ratio in the 4 weeks before its week and the 4 weeks after it (up to this week).
CREATE OR REPLACE TABLE org_transitions AS
WITH firsts AS (
    SELECT b.manager, b.rep, f.transition, f.stage_from, f.stage_to, b.date, b.bank,
           b.week_no,
           ROW_NUMBER() OVER (
               PARTITION BY b.manager, b.rep, f.transition ORDER BY b.date, b.bank
           ) AS k
    FROM org_session_banks AS b
    JOIN org_focus AS f ON f.manager = b.manager AND f.bank = b.bank
    CROSS JOIN org_params AS w
    WHERE b.date BETWEEN w.first_day AND w.last_day
),
coached AS (SELECT * FROM firsts WHERE k = 1),
-- The bounds on week_no from org_params are implied (a session's week_no is its date's week;
-- coach skips a record where they disagree) and let an engine read only the metrics near
-- the window instead of every week ever recorded.
pairs AS (
    SELECT c.manager, c.rep, c.transition, c.week_no AS cw, a.week_no AS mw,
           a.n AS a_n, z.n AS b_n
    FROM coached AS c
    CROSS JOIN org_params AS w
    JOIN org_metric_counts AS a
      ON a.manager = c.manager AND a.rep = c.rep AND a.stage = c.stage_from
     AND a.week_no BETWEEN c.week_no - 4 AND c.week_no + 4 AND a.week_no <> c.week_no
     AND a.week_no BETWEEN w.first_week_no - 4 AND w.last_week_no
    JOIN org_metric_counts AS z
      ON z.manager = a.manager AND z.rep = a.rep AND z.week_no = a.week_no
     AND z.stage = c.stage_to AND z.week_no BETWEEN w.first_week_no - 4 AND w.last_week_no
),
sides AS (
    SELECT manager, rep, transition,
           SUM(CASE WHEN mw < cw THEN a_n END) AS den_before,
           SUM(CASE WHEN mw < cw THEN b_n END) AS num_before,
           SUM(CASE WHEN mw > cw THEN a_n END) AS den_after,
           SUM(CASE WHEN mw > cw THEN b_n END) AS num_after
    FROM pairs GROUP BY manager, rep, transition
),
ratios AS (
    SELECT c.manager, c.rep, c.transition, c.bank, c.date AS first_session,
           CASE WHEN s.den_before <> 0
                THEN CAST(s.num_before AS DOUBLE) / s.den_before END AS ratio_before,
           CASE WHEN s.den_after <> 0
                THEN CAST(s.num_after AS DOUBLE) / s.den_after END AS ratio_after,
           -- coach's minimum sample (core.rules.MIN_SAMPLE): no verdict on fewer
           COALESCE(s.den_before, 0) >= 20 AND COALESCE(s.den_after, 0) >= 20 AS enough
    FROM coached AS c
    LEFT JOIN sides AS s
      ON s.manager = c.manager AND s.rep = c.rep AND s.transition = c.transition
)
SELECT *, CASE WHEN enough THEN ratio_after - ratio_before END AS change FROM ratios;

-- Every gap between two consecutive sessions of a rep in the window, in days.
CREATE OR REPLACE TABLE org_gaps AS
SELECT manager, rep,
       DATE_DIFF('day', CAST(previous AS DATE), CAST(date AS DATE)) AS gap
FROM (
    SELECT manager, rep, date,
           LAG(date) OVER (PARTITION BY manager, rep ORDER BY date) AS previous
    FROM org_window_sessions
) AS ordered
WHERE previous IS NOT NULL;

CREATE OR REPLACE TABLE org_tally AS
WITH sess AS (
    SELECT manager, COUNT(*) AS held, SUM(minutes) AS minutes,
           SUM(CASE WHEN tier = 'top' THEN minutes ELSE 0 END) AS minutes_top,
           SUM(CASE WHEN tier = 'core' THEN minutes ELSE 0 END) AS minutes_core,
           SUM(CASE WHEN tier = 'developing' THEN minutes ELSE 0 END) AS minutes_developing,
           SUM(asked) AS asked, SUM(told) AS told, SUM(observed) AS observed,
           COUNT(useful) AS rated, SUM(useful) AS useful_sum
    FROM org_window_sessions GROUP BY manager
),
-- Sessions in the window with the early-pipeline bank, once however often it is listed (the
-- bank is tested after grouping: as a filter, engines unnest every session ever held first).
early AS (
    SELECT s.manager, COUNT(*) AS early_pipeline
    FROM org_window_sessions AS s
    JOIN (
        SELECT b.manager, b.session
        FROM org_session_banks AS b
        CROSS JOIN org_params AS w
        WHERE b.date BETWEEN w.first_day AND w.last_day
        GROUP BY b.manager, b.session
        HAVING MAX(CASE WHEN b.bank = 'early-pipeline' THEN 1 ELSE 0 END) = 1
    ) AS e ON e.manager = s.manager AND e.session = s.id
    GROUP BY s.manager
),
gaps AS (
    SELECT manager, SUM(gap) AS gap_days, COUNT(*) AS gaps, MIN(gap) AS gap_min,
           MAX(gap) AS gap_max, STDDEV_POP(gap) AS gap_stdev
    FROM org_gaps GROUP BY manager
),
plans AS (
    SELECT manager,
           SUM(CASE WHEN skipped AND NOT held THEN 0 ELSE 1 END) AS planned,
           SUM(CASE WHEN held THEN 1 ELSE 0 END) AS held_as_planned,
           SUM(CASE WHEN skipped AND NOT held THEN 1 ELSE 0 END) AS skipped
    FROM org_window_plans GROUP BY manager
),
roles AS (
    SELECT r.manager, COUNT(*) AS role_answers,
           SUM(CASE WHEN r.role = 'lead' THEN 1 ELSE 0 END) AS role_lead,
           SUM(CASE WHEN r.role = 'passive participant' THEN 1 ELSE 0 END) AS role_passive,
           SUM(CASE WHEN r.role = 'silent observer' THEN 1 ELSE 0 END) AS role_silent
    FROM org_session_roles AS r
    CROSS JOIN org_params AS w
    WHERE r.date BETWEEN w.first_day AND w.last_day
    GROUP BY r.manager
),
-- Follow-through: done / due, where due means a due date in the window before today (one due
-- today can still be kept today) and not dropped (dropped ones are counted apart).
commits AS (
    SELECT c.manager, SUM(CASE WHEN c.status = 'dropped' THEN 0 ELSE 1 END) AS due,
           SUM(CASE WHEN c.status = 'done' THEN 1 ELSE 0 END) AS done,
           SUM(CASE WHEN c.status = 'partial' THEN 1 ELSE 0 END) AS partial,
           SUM(CASE WHEN c.status = 'missed' THEN 1 ELSE 0 END) AS missed,
           SUM(CASE WHEN c.status = 'dropped' THEN 1 ELSE 0 END) AS dropped,
           SUM(CASE WHEN c.status = 'open' THEN 1 ELSE 0 END) AS still_open
    FROM org_commitments AS c
    CROSS JOIN org_params AS w
    WHERE COALESCE(c.due, '') <> '' AND c.due >= w.first_day AND c.due < w.last_day
    GROUP BY c.manager
),
-- Measured calls (`coach call add`): the manager's role on joint calls from the talk itself,
-- and the manager's talk share on coaching calls.
calls AS (
    SELECT k.manager,
           SUM(CASE WHEN k.kind = 'joint' AND COALESCE(k.manager_role, '') <> ''
                    THEN 1 ELSE 0 END) AS measured_calls,
           SUM(CASE WHEN k.kind = 'joint' AND k.manager_role = 'lead' THEN 1 ELSE 0 END)
               AS measured_lead,
           SUM(CASE WHEN k.kind = 'joint' AND k.manager_role = 'passive participant'
                    THEN 1 ELSE 0 END) AS measured_passive,
           SUM(CASE WHEN k.kind = 'joint' AND k.manager_role = 'silent observer'
                    THEN 1 ELSE 0 END) AS measured_silent,
           SUM(CASE WHEN k.kind = 'coaching' THEN 1 ELSE 0 END) AS coaching_calls,
           SUM(CASE WHEN k.kind = 'coaching' THEN COALESCE(k.manager_share, 0) ELSE 0 END)
               AS coaching_share
    FROM org_calls AS k
    CROSS JOIN org_params AS w
    WHERE COALESCE(k.date, '') BETWEEN w.first_day AND w.last_day
    GROUP BY k.manager
),
moves AS (
    SELECT manager, COUNT(*) AS coached, COUNT(change) AS measured,
           SUM(CASE WHEN change > 0 THEN 1 ELSE 0 END) AS improved,
           SUM(change) AS change_sum
    FROM org_transitions GROUP BY manager
),
one AS (
    SELECT m.manager,
           COALESCE(p.planned, 0) AS planned,
           COALESCE(p.held_as_planned, 0) AS held_as_planned,
           COALESCE(p.skipped, 0) AS skipped,
           COALESCE(s.held, 0) AS held,
           COALESCE(g.gap_days, 0) AS gap_days,
           COALESCE(g.gaps, 0) AS gaps,
           g.gap_min, g.gap_max, g.gap_stdev,
           COALESCE(s.minutes_top, 0) AS minutes_top,
           COALESCE(s.minutes_core, 0) AS minutes_core,
           COALESCE(s.minutes_developing, 0) AS minutes_developing,
           COALESCE(s.asked, 0) AS asked,
           COALESCE(s.told, 0) AS told,
           COALESCE(s.observed, 0) AS observed,
           COALESCE(s.rated, 0) AS rated,
           s.useful_sum,
           COALESCE(c.due, 0) AS due,
           COALESCE(c.done, 0) AS done,
           COALESCE(c.partial, 0) AS partial,
           COALESCE(c.missed, 0) AS missed,
           COALESCE(c.dropped, 0) AS dropped,
           COALESCE(c.still_open, 0) AS still_open,
           COALESCE(r.role_answers, 0) AS role_answers,
           COALESCE(r.role_lead, 0) AS role_lead,
           COALESCE(r.role_passive, 0) AS role_passive,
           COALESCE(r.role_silent, 0) AS role_silent,
           COALESCE(e.early_pipeline, 0) AS early_pipeline,
           COALESCE(v.coached, 0) AS coached,
           COALESCE(v.measured, 0) AS measured,
           COALESCE(v.improved, 0) AS improved,
           v.change_sum,
           COALESCE(k.measured_calls, 0) AS measured_calls,
           COALESCE(k.measured_lead, 0) AS measured_lead,
           COALESCE(k.measured_passive, 0) AS measured_passive,
           COALESCE(k.measured_silent, 0) AS measured_silent,
           COALESCE(k.coaching_calls, 0) AS coaching_calls,
           COALESCE(k.coaching_share, 0) AS coaching_share
    FROM org_managers AS m
    LEFT JOIN sess AS s ON s.manager = m.manager
    LEFT JOIN early AS e ON e.manager = m.manager
    LEFT JOIN gaps AS g ON g.manager = m.manager
    LEFT JOIN plans AS p ON p.manager = m.manager
    LEFT JOIN roles AS r ON r.manager = m.manager
    LEFT JOIN commits AS c ON c.manager = m.manager
    LEFT JOIN moves AS v ON v.manager = m.manager
    LEFT JOIN calls AS k ON k.manager = m.manager
)
SELECT FALSE AS is_total, * FROM one
UNION ALL
SELECT TRUE, NULL,
       SUM(planned), SUM(held_as_planned), SUM(skipped), SUM(held), SUM(gap_days), SUM(gaps),
       (SELECT MIN(gap) FROM org_gaps), (SELECT MAX(gap) FROM org_gaps),
       (SELECT STDDEV_POP(gap) FROM org_gaps),
       SUM(minutes_top), SUM(minutes_core), SUM(minutes_developing), SUM(asked), SUM(told),
       SUM(observed), SUM(rated), SUM(useful_sum),
       SUM(due), SUM(done), SUM(partial), SUM(missed), SUM(dropped), SUM(still_open),
       SUM(role_answers), SUM(role_lead), SUM(role_passive), SUM(role_silent),
       SUM(early_pipeline), SUM(coached), SUM(measured), SUM(improved), SUM(change_sum),
       SUM(measured_calls), SUM(measured_lead), SUM(measured_passive), SUM(measured_silent),
       SUM(coaching_calls), SUM(coaching_share)
FROM one;

-- The trend of the reps' ratings (feedback `useful`, 1..5) per manager and in total: in
-- date order (then session id), the mean of the later half minus the mean of the earlier
-- half, the middle one left out when odd; NULL under 2 ratings (as core/stats_report.py).
CREATE OR REPLACE TABLE org_useful_trend AS
WITH rated AS (
    SELECT manager, useful, date, id FROM org_window_sessions WHERE useful IS NOT NULL
),
ranked AS (
    SELECT FALSE AS is_total, manager, useful,
           ROW_NUMBER() OVER (PARTITION BY manager ORDER BY date, id, useful) AS k,
           COUNT(*) OVER (PARTITION BY manager) AS n
    FROM rated
    UNION ALL
    SELECT TRUE, NULL, useful,
           ROW_NUMBER() OVER (ORDER BY date, id, useful), COUNT(*) OVER ()
    FROM rated
)
SELECT is_total, manager,
       CASE WHEN MAX(n) >= 2 THEN
             SUM(CASE WHEN k > n - (n - MOD(n, 2)) / 2 THEN useful END) / MAX((n - MOD(n, 2)) / 2)
            - SUM(CASE WHEN k <= (n - MOD(n, 2)) / 2 THEN useful END) / MAX((n - MOD(n, 2)) / 2)
       END AS useful_trend
FROM ranked GROUP BY is_total, manager;

CREATE OR REPLACE VIEW org_stats AS
SELECT org_tally.*, t.useful_trend,
       minutes_top + minutes_core + minutes_developing AS minutes,
       CASE WHEN planned <> 0 THEN CAST(held_as_planned AS DOUBLE) / planned END AS consistency,
       CASE WHEN gaps <> 0 THEN CAST(gap_days AS DOUBLE) / gaps END AS avg_days_between,
       CASE WHEN minutes_top + minutes_core + minutes_developing <> 0
            THEN CAST(minutes_top AS DOUBLE) / (minutes_top + minutes_core + minutes_developing)
       END AS share_top,
       CASE WHEN minutes_top + minutes_core + minutes_developing <> 0
            THEN CAST(minutes_core AS DOUBLE) / (minutes_top + minutes_core + minutes_developing)
       END AS share_core,
       CASE WHEN minutes_top + minutes_core + minutes_developing <> 0
            THEN CAST(minutes_developing AS DOUBLE)
                 / (minutes_top + minutes_core + minutes_developing)
       END AS share_developing,
       role_answers - role_lead - role_passive - role_silent AS role_other,
       CASE WHEN role_answers <> 0 THEN CAST(role_lead AS DOUBLE) / role_answers END
           AS role_lead_share,
       CASE WHEN role_answers <> 0 THEN CAST(role_passive AS DOUBLE) / role_answers END
           AS role_passive_share,
       CASE WHEN role_answers <> 0 THEN CAST(role_silent AS DOUBLE) / role_answers END
           AS role_silent_share,
       CASE WHEN role_answers <> 0
            THEN CAST(role_answers - role_lead - role_passive - role_silent AS DOUBLE)
                 / role_answers
       END AS role_other_share,
       CASE WHEN told <> 0 THEN CAST(asked AS DOUBLE) / told END AS ask_tell,
       CASE WHEN held <> 0 THEN CAST(asked AS DOUBLE) / held END AS asks_per_session,
       CASE WHEN held <> 0 THEN CAST(told AS DOUBLE) / held END AS tells_per_session,
       CASE WHEN held <> 0 THEN CAST(observed AS DOUBLE) / held END AS observed_per_session,
       CASE WHEN rated <> 0 THEN useful_sum / rated END AS useful_avg,
       CASE WHEN due <> 0 THEN CAST(done AS DOUBLE) / due END AS follow_through,
       CASE WHEN held <> 0 THEN CAST(early_pipeline AS DOUBLE) / held END AS early_share,
       CASE WHEN measured <> 0 THEN change_sum / measured END AS avg_change,
       CASE WHEN measured_calls <> 0 THEN CAST(measured_lead AS DOUBLE) / measured_calls END
           AS measured_lead_share,
       CASE WHEN measured_calls <> 0 THEN CAST(measured_passive AS DOUBLE) / measured_calls END
           AS measured_passive_share,
       CASE WHEN measured_calls <> 0 THEN CAST(measured_silent AS DOUBLE) / measured_calls END
           AS measured_silent_share,
       CASE WHEN coaching_calls <> 0 THEN coaching_share / coaching_calls END
           AS avg_manager_share
FROM org_tally
LEFT JOIN org_useful_trend AS t
  ON t.is_total = org_tally.is_total AND t.manager IS NOT DISTINCT FROM org_tally.manager;

-- Coaching and results: one row per rep with a measured change in a coached transition.
CREATE OR REPLACE VIEW org_rep_results AS
WITH dose AS (
    SELECT manager, rep, SUM(minutes) AS minutes, COUNT(*) AS sessions
    FROM org_window_sessions GROUP BY manager, rep
),
slots AS (
    SELECT manager, rep,
           SUM(CASE WHEN skipped AND NOT held THEN 0 ELSE 1 END) AS planned,
           SUM(CASE WHEN held THEN 1 ELSE 0 END) AS held_as_planned
    FROM org_window_plans GROUP BY manager, rep
),
moved AS (
    SELECT manager, rep, AVG(change) AS change
    FROM org_transitions WHERE change IS NOT NULL GROUP BY manager, rep
)
SELECT v.manager, v.rep, v.change,
       COALESCE(d.minutes, 0) * 30.4375 / w.days AS minutes_per_month,
       CASE WHEN s.planned <> 0
            THEN CAST(s.held_as_planned AS DOUBLE) / s.planned END AS consistency
FROM moved AS v
CROSS JOIN org_params AS w
LEFT JOIN dose AS d ON d.manager = v.manager AND d.rep = v.rep
LEFT JOIN slots AS s ON s.manager = v.manager AND s.rep = v.rep;

-- Coaching and results: per dose, the reps with both figures, Pearson's r between the dose
-- and the change (NULL under 10 reps or when either side does not vary) and its 90% interval
-- by Fisher's z transform: tanh(atanh(r) -/+ 1.6448536269514715 / sqrt(n - 3)), the constant
-- being the normal distribution's 95th percentile (as services/org_results.py).
CREATE OR REPLACE TABLE org_correlations AS
WITH pearson AS (
    SELECT 'minutes_per_month' AS dose, COUNT(*) AS n,
           CASE WHEN COUNT(*) >= 10 AND MIN(minutes_per_month) < MAX(minutes_per_month)
                     AND MIN(change) < MAX(change)
                THEN GREATEST(-1.0, LEAST(1.0, CORR(change, minutes_per_month))) END AS r
    FROM org_rep_results
    UNION ALL
    SELECT 'consistency', COUNT(*),
           CASE WHEN COUNT(*) >= 10 AND MIN(consistency) < MAX(consistency)
                     AND MIN(change) < MAX(change)
                THEN GREATEST(-1.0, LEAST(1.0, CORR(change, consistency))) END
    FROM org_rep_results WHERE consistency IS NOT NULL
)
SELECT dose, n, r,
       CASE WHEN ABS(r) >= 1 THEN r
            ELSE TANH(ATANH(r) - 1.6448536269514715 / SQRT(n - 3)) END AS ci_low,
       CASE WHEN ABS(r) >= 1 THEN r
            ELSE TANH(ATANH(r) + 1.6448536269514715 / SQRT(n - 3)) END AS ci_high
FROM pearson;
