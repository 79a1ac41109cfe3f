SELECT dt, region, count(DISTINCT device_id) AS devices, min(min_temperature) AS min_temperature, max(max_temperature) AS max_temperature, count(*) AS windows
FROM "{{database}}"."{{tables.results}}"
GROUP BY dt, region
ORDER BY dt, region
