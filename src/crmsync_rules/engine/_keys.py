"""The engine's SQL: the NDJSON file read as lines, each record's keys (the
ids and the email key by which its decisions reach other records), the
connected components of records sharing a key, and the batches of whole
components that are planned apart (docs/performance.md, "The bulk engine").

A key only has to be at least as coarse as the planner's own comparison:
two records the planner may relate must share a key, two that share one
need not be related (they are planned together, which changes nothing).
So a Salesforce id is keyed by its first fifteen characters (both of its
forms, DUP-7), and an email address by its stripped lowercase when it is
plain ASCII with no Punycode label; the few other addresses are keyed in
Python by `email_key` itself (`ODD_ADDRESSES`, then `add_email_keys`).
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "BATCHES",
    "BATCH_LINES",
    "EDGES",
    "GROUPS",
    "LINES",
    "MACROS",
    "ODD_ADDRESSES",
    "OWNER_TYPES",
    "PLANNED_TYPES",
    "RECORDS",
]

OWNER_TYPES: Final = ("hubspot_owner", "salesforce_user", "salesforce_queue")
"""The records every part of the plan needs (the owner directory): read
once, in Python, and handed to every batch."""

PLANNED_TYPES: Final = (
    "hubspot_contact",
    "hubspot_company",
    "hubspot_deal",
    "salesforce_lead",
    "salesforce_contact",
    "salesforce_account",
    "salesforce_opportunity",
)
"""The records planned in batches of connected components."""

MACROS: Final = r"""
CREATE OR REPLACE TEMP MACRO sfk(x) AS
    CASE WHEN regexp_full_match(x, '[0-9A-Za-z]{15}([0-9A-Za-z]{3})?')
    THEN left(x, 15) ELSE x END;
CREATE OR REPLACE TEMP MACRO plain_email(x) AS
    regexp_full_match(x, ' *[!-~]+ *') AND NOT contains(lower(x), 'xn--');
"""

# One row a line, numbered as `iter_ndjson` numbers them. The unit
# separator never appears in a JSON text outside a string and must be
# escaped inside one; the engine checks the file holds none (and no
# carriage return, which DuckDB also splits at) before it reads it so.
# The read buffer is one line's limit: DuckDB sizes its buffers to the
# limit, and a limit of the whole file's size asked for a 4 GiB block on the
# 10M + 10M export (a longer line is an error, and the CLI plans the file in
# Python).
LINES: Final = r"""
CREATE TEMP TABLE lines AS
SELECT row_number() OVER () AS n, line AS text
FROM read_csv($path, columns = {'line': 'VARCHAR'}, header = false,
              delim = chr(31), quote = '', escape = '', auto_detect = false,
              strict_mode = false, max_line_size = $max_line,
              buffer_size = $max_line, null_padding = false, all_varchar = true);
"""

RECORDS: Final = r"""
CREATE TEMP TABLE recs AS
WITH parsed AS (
    SELECT n, text, json_extract_string(text, [
        '$.type', '$.id', '$.email',
        '$.salesforce_contact_id', '$.salesforce_lead_id',
        '$.salesforce_account_id', '$.salesforce_opportunity_id',
        '$.account_id', '$.converted_account_id', '$.converted_contact_id',
        '$.person_contact_id']) AS v
    FROM lines
    WHERE text IS NOT NULL AND NOT regexp_full_match(text, '[ \t\x0b\x0c]*')
      AND json_valid(text)
)
SELECT n, v[1] AS t, v[2] AS id, v[3] AS email, list_filter(
    CASE v[1]
      WHEN 'hubspot_contact' THEN list_concat(
        ['hc:' || v[2], 'C:' || sfk(v[4]), 'L:' || sfk(v[5])],
        list_transform(coalesce(json_extract_string(text, '$.company_ids[*]'), []),
                       lambda x: 'co:' || x))
      WHEN 'hubspot_company' THEN ['co:' || v[2], 'A:' || sfk(v[6])]
      WHEN 'hubspot_deal' THEN list_concat(
        ['d:' || v[2], 'O:' || sfk(v[7])],
        list_transform(coalesce(json_extract_string(text, '$.company_ids[*]'), []),
                       lambda x: 'co:' || x),
        list_transform(coalesce(json_extract_string(text, '$.contact_ids[*]'), []),
                       lambda x: 'hc:' || x))
      WHEN 'salesforce_lead' THEN
        ['L:' || sfk(v[2]), 'A:' || sfk(v[9]), 'C:' || sfk(v[10])]
      WHEN 'salesforce_contact' THEN ['C:' || sfk(v[2]), 'A:' || sfk(v[8])]
      WHEN 'salesforce_account' THEN ['A:' || sfk(v[2]), 'C:' || sfk(v[11])]
      WHEN 'salesforce_opportunity' THEN list_concat(
        ['O:' || sfk(v[2]), 'A:' || sfk(v[8])],
        list_transform(
            coalesce(json_extract_string(text, '$.contact_roles[*].contact_id'), []),
            lambda x: 'C:' || sfk(x)))
    END, lambda x: x IS NOT NULL) AS keys
FROM parsed;
"""

ODD_ADDRESSES: Final = """
SELECT DISTINCT email FROM recs
WHERE t IN ('hubspot_contact', 'salesforce_lead', 'salesforce_contact')
  AND email IS NOT NULL AND NOT plain_email(email)
"""
"""The addresses SQL does not key: keyed by `email_key` in Python."""

EDGES: Final = """
CREATE TEMP TABLE edges AS
SELECT n, unnest(keys) AS k FROM recs WHERE t IN ({planned})
UNION ALL
SELECT n, 'e:' || CASE WHEN plain_email(email) THEN lower(trim(email))
                       ELSE (SELECT key FROM ekeys WHERE ekeys.email = r.email) END
FROM recs r
WHERE t IN ('hubspot_contact', 'salesforce_lead', 'salesforce_contact')
  AND email IS NOT NULL;
DELETE FROM edges WHERE k IS NULL;
"""

GROUPS: Final = """
SELECT DISTINCT e.n, g.f
FROM edges e
JOIN (SELECT k, min(n) AS f FROM edges GROUP BY k HAVING count(*) > 1) g USING (k)
WHERE e.n <> g.f
"""
"""For each key that more than one record has, each of its records but the
first paired with the first (its least line number): the engine joins the
pairs into components (union-find, in Python). Flat pairs of integers, not
a list a key, because turning millions of small lists into Python objects
cost more than joining them (and a join to the keys' least
records costs less than two window functions)."""

BATCHES: Final = """
CREATE TEMP TABLE lab AS
SELECT r.n, coalesce(c.l, r.n) AS l
FROM recs r LEFT JOIN comp c USING (n) WHERE r.t IN ({planned});
CREATE OR REPLACE TEMP TABLE sizes AS SELECT l, count(*) AS c FROM lab GROUP BY l;
CREATE OR REPLACE TEMP TABLE bat AS
SELECT l, (sum(c) OVER (ORDER BY l ROWS UNBOUNDED PRECEDING) - c) // $size AS b
FROM sizes;
"""

# Every planned line with its batch, sorted by batch: `_batches` then reads
# one batch's lines at a time (a sort spills to disk; one GROUP BY of every
# line number into lists does not).
BATCH_LINES: Final = """
CREATE OR REPLACE TEMP TABLE batch_lines AS
SELECT b, n FROM lab JOIN bat USING (l) ORDER BY b, n;
"""
