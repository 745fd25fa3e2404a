-- DuckDB only: the org export files into `org_records` (one row per JSON line).
-- `coach org stats` runs this with the files you give it in place of $files; by hand:
--   CREATE TABLE org_records AS SELECT * FROM read_json(['exports/*.jsonl'], ...);
CREATE OR REPLACE TABLE org_records AS
SELECT * FROM read_json(
    $files,
    format = 'newline_delimited',
    filename = true,
    columns = {
        'type': 'VARCHAR', 'manager': 'VARCHAR', 'schema': 'VARCHAR',
        'schema_version': 'BIGINT', 'exported': 'VARCHAR',
        'id': 'VARCHAR', 'rep': 'VARCHAR', 'name': 'VARCHAR', 'tier': 'VARCHAR',
        'active': 'BOOLEAN', 'date': 'VARCHAR', 'week': 'VARCHAR', 'week_no': 'BIGINT',
        'minutes': 'BIGINT', 'banks': 'VARCHAR[]', 'asked': 'BIGINT', 'told': 'BIGINT', 'observed': 'BIGINT', 'useful': 'DOUBLE',
        'roles': 'VARCHAR[]', 'plan': 'VARCHAR', 'due': 'VARCHAR', 'status': 'VARCHAR',
        'start': 'VARCHAR', 'skipped': 'BOOLEAN', 'session': 'VARCHAR',
        'counts': 'STRUCT(stage VARCHAR, count BIGINT)[]',
        'bank': 'VARCHAR', 'transition': 'VARCHAR', 'stage_from': 'VARCHAR',
        'stage_to': 'VARCHAR', 'kind': 'VARCHAR', 'call_minutes': 'DOUBLE',
        'manager_share': 'DOUBLE', 'rep_share': 'DOUBLE', 'other_share': 'DOUBLE',
        'manager_role': 'VARCHAR', 'manager_questions_per_statement': 'DOUBLE'
    }
);
