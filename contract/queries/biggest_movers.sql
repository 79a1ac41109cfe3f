SELECT ticker, first_avg, last_avg, change_pct, events
FROM (
  SELECT
    ticker,
    min_by(avg_price, window_start) AS first_avg,
    max_by(avg_price, window_start) AS last_avg,
    round(100 * (max_by(avg_price, window_start) - min_by(avg_price, window_start)) / min_by(avg_price, window_start), 2) AS change_pct,
    sum(event_count) AS events
  FROM "{{database}}"."{{tables.table}}"
  WHERE window_start >= (SELECT max(window_start) FROM "{{database}}"."{{tables.table}}") - INTERVAL '60' MINUTE
  GROUP BY ticker
) AS moves
ORDER BY abs(change_pct) DESC, ticker
