SELECT window_start, window_end, avg_price, min_price, max_price, event_count
FROM "{{database}}"."{{tables.table}}"
WHERE ticker = '{{parameters.ticker}}'
ORDER BY window_start
