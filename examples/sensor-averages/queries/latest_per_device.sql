SELECT device_id, region, window_start, window_end, avg_temperature, min_temperature, max_temperature, avg_humidity, reading_count
FROM (
  SELECT s.*, row_number() OVER (PARTITION BY device_id ORDER BY window_end DESC, region) AS recency
  FROM "{{database}}"."{{tables.results}}" AS s
) AS ranked
WHERE recency = 1
ORDER BY device_id
