-- The campaign ROI store: six contract tables, settings, tier schemes, import log,
-- and the views that attribute every post, spend row and order to a group.
-- Run whole (db.ensure_schema) on every read-write open: tables are created if
-- missing, views are replaced, so an older database picks up new definitions.
-- No foreign keys: references are checked by the importer, which reports them in
-- words; DuckDB's FK checks would also block upserts of referenced rows.

CREATE TABLE IF NOT EXISTS influencers (
    influencer_id VARCHAR PRIMARY KEY,
    handle        VARCHAR NOT NULL,
    platform      VARCHAR NOT NULL,
    followers     BIGINT  NOT NULL,   -- current count
    niche         VARCHAR,
    country       VARCHAR,
    name          VARCHAR
);

CREATE TABLE IF NOT EXISTS campaigns (
    campaign_id VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    brand       VARCHAR,
    objective   VARCHAR,
    start_date  DATE,
    end_date    DATE,
    budget      DECIMAL(18, 2)
);

CREATE TABLE IF NOT EXISTS posts (
    post_id           VARCHAR PRIMARY KEY,
    campaign_id       VARCHAR NOT NULL,
    influencer_id     VARCHAR NOT NULL,
    posted_at         TIMESTAMP NOT NULL,
    platform          VARCHAR NOT NULL,   -- filled from the creator at import when empty
    content_type      VARCHAR,
    followers_at_post BIGINT NOT NULL,    -- filled from the creator at import when empty
    impressions       BIGINT,             -- NULL = unknown, never zero
    reach             BIGINT,
    views             BIGINT,
    likes             BIGINT,
    comments          BIGINT,
    shares            BIGINT,
    saves             BIGINT,
    clicks            BIGINT,
    url               VARCHAR
);

CREATE TABLE IF NOT EXISTS spend (
    spend_id      VARCHAR PRIMARY KEY,
    campaign_id   VARCHAR NOT NULL,
    influencer_id VARCHAR,                -- NULL = campaign overhead
    post_id       VARCHAR,
    spent_on      DATE NOT NULL,
    category      VARCHAR NOT NULL,
    amount        DECIMAL(18, 2) NOT NULL,
    pricing_model VARCHAR,
    currency      VARCHAR,
    note          VARCHAR
);

-- Codes are stored upper-cased: they are unique case-insensitively.
CREATE TABLE IF NOT EXISTS affiliate_codes (
    code            VARCHAR PRIMARY KEY,
    campaign_id     VARCHAR NOT NULL,
    influencer_id   VARCHAR NOT NULL,
    commission_rate DECIMAL(9, 6),
    commission_flat DECIMAL(18, 2),
    discount_rate   DECIMAL(9, 6)
);

CREATE TABLE IF NOT EXISTS orders (
    order_id   VARCHAR PRIMARY KEY,
    code       VARCHAR NOT NULL,          -- upper-cased, as affiliate_codes.code
    ordered_at TIMESTAMP NOT NULL,
    revenue    DECIMAL(18, 2) NOT NULL,   -- net of discount, reporting currency
    refunded   BOOLEAN NOT NULL DEFAULT false,
    currency   VARCHAR
);

CREATE TABLE IF NOT EXISTS settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- Tier schemes are data: a tier is [min_followers, max_followers); NULL max = no bound.
CREATE TABLE IF NOT EXISTS tiers (
    scheme        VARCHAR NOT NULL,
    tier          VARCHAR NOT NULL,
    min_followers BIGINT  NOT NULL,
    max_followers BIGINT,
    position      INTEGER NOT NULL,
    PRIMARY KEY (scheme, tier)
);

CREATE TABLE IF NOT EXISTS import_log (
    import_id   VARCHAR PRIMARY KEY,
    imported_at TIMESTAMP NOT NULL,
    imported_by VARCHAR,
    files       VARCHAR,
    source      VARCHAR,                  -- cli, page, demo
    table_name  VARCHAR NOT NULL,
    rows_new       BIGINT NOT NULL,
    rows_updated   BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL
);

-- Column mappings saved on the Data page, reused by name (TOML, as the CLI reads it).
CREATE TABLE IF NOT EXISTS saved_mappings (
    name     VARCHAR PRIMARY KEY,
    mapping  VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,          -- UTC
    saved_by VARCHAR
);

-- A post with its engagement figures. engagements is NULL when all four parts are
-- unknown ("no engagement data"); otherwise a missing part counts 0 (METRICS.md).
CREATE OR REPLACE VIEW post_base AS
SELECT
    p.post_id,
    p.campaign_id,
    p.influencer_id,
    p.platform,
    p.content_type,
    p.posted_at,
    p.followers_at_post,
    p.impressions,
    p.reach,
    p.views,
    p.clicks,
    CASE
        WHEN p.likes IS NULL AND p.comments IS NULL AND p.shares IS NULL AND p.saves IS NULL
            THEN NULL
        ELSE coalesce(p.likes, 0) + coalesce(p.comments, 0)
            + coalesce(p.shares, 0) + coalesce(p.saves, 0)
    END AS engagements
FROM posts AS p;

-- A placement is one creator in one campaign, wherever it shows: a post, a spend
-- row naming the creator, or an affiliate code. Its tier comes from the
-- followers_at_post of the earliest post in the campaign (ties: lowest post_id),
-- or from the creator's current followers when it has no post.
CREATE OR REPLACE VIEW placement_base AS
WITH placement_keys AS (
    SELECT influencer_id, campaign_id FROM posts
    UNION
    SELECT influencer_id, campaign_id FROM spend WHERE influencer_id IS NOT NULL
    UNION
    SELECT influencer_id, campaign_id FROM affiliate_codes
),
first_posts AS (
    SELECT
        influencer_id,
        campaign_id,
        arg_min(followers_at_post, struct_pack(t := posted_at, id := post_id)) AS first_followers
    FROM posts
    GROUP BY influencer_id, campaign_id
)
SELECT
    k.influencer_id,
    k.campaign_id,
    i.platform,
    coalesce(fp.first_followers, i.followers) AS placement_followers
FROM placement_keys AS k
JOIN influencers AS i USING (influencer_id)
LEFT JOIN first_posts AS fp USING (influencer_id, campaign_id);

-- Every post, spend row and order as one "fact" row with the attributes it is
-- grouped and filtered by. tier_followers decides the row's tier in summaries:
-- the post's own followers for posts and post-linked spend, the placement's for
-- placement spend and orders, NULL for campaign overhead (unattributed).
-- placement_followers is the placement's tier, used by the micro/macro sides.
CREATE OR REPLACE VIEW facts AS
SELECT
    'post' AS kind,
    pb.post_id,
    CAST(pb.posted_at AS DATE) AS d,
    pb.campaign_id,
    pb.influencer_id,
    pb.platform,
    pb.content_type,
    pb.followers_at_post AS tier_followers,
    pl.placement_followers,
    NULL::VARCHAR AS pricing_model,
    NULL::VARCHAR AS category,
    1 AS posts,
    pb.engagements,
    pb.followers_at_post,
    pb.engagements / nullif(pb.followers_at_post, 0) AS er_followers,
    pb.engagements / nullif(pb.reach, 0) AS er_reach,
    pb.engagements / nullif(pb.views, 0) AS er_views,
    pb.impressions,
    pb.reach,
    pb.views,
    pb.clicks,
    0::DECIMAL(18, 2) AS spend,
    0::DECIMAL(18, 2) AS overhead_spend,
    0::DECIMAL(38, 8) AS commission,
    0 AS orders,
    0::DECIMAL(18, 2) AS revenue,
    0 AS refunded_orders,
    0::DECIMAL(18, 2) AS refunded_revenue,
    NULL::VARCHAR AS code  -- the affiliate code of an order (Affiliate codes page)
FROM post_base AS pb
JOIN placement_base AS pl USING (influencer_id, campaign_id)
UNION ALL
SELECT
    'spend' AS kind,
    s.post_id,  -- set: spend tied to a post; else to the placement, or campaign overhead
    s.spent_on AS d,
    s.campaign_id,
    coalesce(pb.influencer_id, s.influencer_id) AS influencer_id,
    CASE WHEN s.post_id IS NOT NULL THEN pb.platform ELSE pl.platform END AS platform,
    pb.content_type,
    CASE WHEN s.post_id IS NOT NULL THEN pb.followers_at_post ELSE pl.placement_followers END
        AS tier_followers,
    pl.placement_followers,
    s.pricing_model,
    s.category,
    0 AS posts,
    NULL AS engagements,
    NULL AS followers_at_post,
    NULL AS er_followers,
    NULL AS er_reach,
    NULL AS er_views,
    NULL AS impressions,
    NULL AS reach,
    NULL AS views,
    NULL AS clicks,
    s.amount AS spend,
    CASE WHEN s.post_id IS NULL AND s.influencer_id IS NULL THEN s.amount ELSE 0 END
        AS overhead_spend,
    0 AS commission,
    0 AS orders,
    0 AS revenue,
    0 AS refunded_orders,
    0 AS refunded_revenue,
    NULL AS code
FROM spend AS s
LEFT JOIN post_base AS pb ON pb.post_id = s.post_id
LEFT JOIN placement_base AS pl
    ON pl.influencer_id = coalesce(pb.influencer_id, s.influencer_id)
    AND pl.campaign_id = s.campaign_id
UNION ALL
SELECT
    'order' AS kind,
    NULL::VARCHAR AS post_id,
    CAST(o.ordered_at AS DATE) AS d,
    a.campaign_id,
    a.influencer_id,
    pl.platform,
    NULL AS content_type,
    pl.placement_followers AS tier_followers,
    pl.placement_followers,
    NULL AS pricing_model,
    NULL AS category,
    0 AS posts,
    NULL AS engagements,
    NULL AS followers_at_post,
    NULL AS er_followers,
    NULL AS er_reach,
    NULL AS er_views,
    NULL AS impressions,
    NULL AS reach,
    NULL AS views,
    NULL AS clicks,
    0 AS spend,
    0 AS overhead_spend,
    -- Commission accrues on non-refunded orders only (METRICS.md, Cost).
    CASE
        WHEN o.refunded THEN 0
        ELSE o.revenue * coalesce(a.commission_rate, 0) + coalesce(a.commission_flat, 0)
    END AS commission,
    CASE WHEN o.refunded THEN 0 ELSE 1 END AS orders,
    CASE WHEN o.refunded THEN 0 ELSE o.revenue END AS revenue,
    CASE WHEN o.refunded THEN 1 ELSE 0 END AS refunded_orders,
    CASE WHEN o.refunded THEN o.revenue ELSE 0 END AS refunded_revenue,
    a.code
FROM orders AS o
JOIN affiliate_codes AS a USING (code)
JOIN placement_base AS pl USING (influencer_id, campaign_id);

-- The facts that pass the shared filters, with each row's tier (`tier`, from
-- tier_followers) and its placement's tier (`placement_tier`) in the given scheme.
-- NULL filter arguments mean "no filter"; dates are inclusive, each fact by its own
-- date. Both summary.sql and placements.sql read through this one definition.
CREATE OR REPLACE MACRO filtered_facts(
    scheme, date_from, date_to, campaigns, brands, platforms, content_types, creators
) AS TABLE
WITH scheme_tiers AS (
    SELECT tier, min_followers, max_followers, position FROM tiers WHERE tiers.scheme = scheme
)
SELECT
    f.*,
    c.brand,
    t.tier,
    t.position AS tier_position,
    pt.tier AS placement_tier,
    pt.position AS placement_tier_position
FROM facts AS f
JOIN campaigns AS c ON c.campaign_id = f.campaign_id
LEFT JOIN scheme_tiers AS t
    ON f.tier_followers >= t.min_followers
    AND (t.max_followers IS NULL OR f.tier_followers < t.max_followers)
LEFT JOIN scheme_tiers AS pt
    ON f.placement_followers >= pt.min_followers
    AND (pt.max_followers IS NULL OR f.placement_followers < pt.max_followers)
WHERE (date_from IS NULL OR f.d >= date_from)
    AND (date_to IS NULL OR f.d <= date_to)
    AND (campaigns IS NULL OR list_contains(campaigns, f.campaign_id))
    AND (brands IS NULL OR list_contains(brands, c.brand))
    AND (platforms IS NULL OR list_contains(platforms, f.platform))
    AND (content_types IS NULL OR list_contains(content_types, f.content_type))
    AND (creators IS NULL OR list_contains(creators, f.influencer_id));
