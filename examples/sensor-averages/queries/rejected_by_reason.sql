SELECT reason, count(*) AS records
FROM "{{database}}"."{{tables.rejected}}"
GROUP BY reason
ORDER BY records DESC, reason
