SELECT ticker, window_start, window_end, avg_price, min_price, max_price, event_count
FROM (
  SELECT r.*, row_number() OVER (PARTITION BY ticker ORDER BY window_end DESC) AS recency
  FROM "{{database}}"."{{tables.table}}" AS r
) AS ranked
WHERE recency = 1
ORDER BY ticker
