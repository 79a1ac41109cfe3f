SELECT reason, count(*) AS records
FROM "{{database}}"."{{tables.rejected_table}}"
GROUP BY reason
ORDER BY records DESC, reason
