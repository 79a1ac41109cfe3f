SELECT window_start, window_end, avg_price, min_price, max_price, event_count
FROM "{{database}}"."{{table}}"
WHERE ticker = '{{ticker}}'
ORDER BY window_start
