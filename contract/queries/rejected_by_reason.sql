SELECT reason, count(*) AS records
FROM "{{database}}"."{{rejected_table}}"
GROUP BY reason
ORDER BY records DESC, reason
