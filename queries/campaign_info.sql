-- Every campaign's own attributes (budget, objective, dates) for the Campaigns page's
-- comparison table, which lists all campaigns with no date cap; figures come from
-- summary.sql. Only the campaign and brand filters apply: the others describe facts,
-- not campaigns. Grain: one row per campaign.
SELECT
    campaign_id,
    name,
    brand,
    objective,
    start_date,
    end_date,
    budget
FROM campaigns
WHERE ($campaigns IS NULL OR list_contains($campaigns, campaign_id))
    AND ($brands IS NULL OR list_contains($brands, brand))
ORDER BY start_date NULLS LAST, campaign_id
