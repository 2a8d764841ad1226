"""Filled examples of the six import files, to show the format beside the empty templates.

    example_csv("posts")     # the text of a small, filled posts.csv
    examples_zip()           # the six examples, plus templates/<table>.csv, as one zip
    template_zip()           # just the six empty templates

One made-up campaign: three creators of different tiers (nano, micro, macro), six
posts, spend with a per-post fee, a placement fee, gifting, paid ads and a campaign
overhead row, two affiliate codes and five orders, one of them refunded. Every column of
every table is filled somewhere, in the form the importer reads best: ISO dates, money
as plain numbers, rates as decimals, currency USD. An empty cell is shown where the
contract gives it a meaning (no views on a photo is "unknown", no creator on a spend row
is campaign overhead).

Every id starts with "example-" (codes with "EXAMPLE-": codes are upper-cased), so the
files import together, with no problems, into an empty database and beside any real data.
"""

from __future__ import annotations

import io
import zipfile

from campaign_roi.contract import TABLE_ORDER, TABLES, template_csv

_EXAMPLES: dict[str, str] = {
    "influencers": """\
influencer_id,handle,platform,followers,niche,country,name
example-creator-nano,@example_nano,instagram,8500,food,US,Example Nano Creator
example-creator-micro,@example_micro,tiktok,45000,fitness,GB,Example Micro Creator
example-creator-macro,@example_macro,youtube,250000,travel,US,Example Macro Creator
""",
    "campaigns": """\
campaign_id,name,brand,objective,start_date,end_date,budget
example-campaign,Example spring launch,Example Brand,sales,2025-03-01,2025-03-31,5000
""",
    "posts": """\
post_id,campaign_id,influencer_id,posted_at,platform,content_type,followers_at_post,\
impressions,reach,views,likes,comments,shares,saves,clicks,url
example-post-1,example-campaign,example-creator-nano,2025-03-03 18:00,instagram,photo,8500,\
12000,9000,,640,42,12,30,85,https://www.instagram.com/p/example-post-1/
example-post-2,example-campaign,example-creator-nano,2025-03-10 12:30,instagram,reel,8600,\
20000,15000,18000,900,60,25,40,120,https://www.instagram.com/reel/example-post-2/
example-post-3,example-campaign,example-creator-micro,2025-03-05 19:00,tiktok,video,45000,\
90000,70000,85000,5100,210,160,300,400,https://www.tiktok.com/@example_micro/video/3
example-post-4,example-campaign,example-creator-micro,2025-03-15 20:15,tiktok,video,46000,\
60000,48000,58000,3200,150,90,180,260,https://www.tiktok.com/@example_micro/video/4
example-post-5,example-campaign,example-creator-macro,2025-03-08 16:00,youtube,video,250000,\
180000,120000,95000,4100,380,150,220,900,https://www.youtube.com/watch?v=example5
example-post-6,example-campaign,example-creator-macro,2025-03-20 16:00,youtube,short,251000,\
140000,100000,110000,3000,120,80,90,500,https://www.youtube.com/shorts/example6
""",
    "spend": """\
spend_id,campaign_id,influencer_id,post_id,spent_on,category,amount,pricing_model,currency,note
example-spend-1,example-campaign,example-creator-nano,example-post-1,2025-03-03,fee,150,\
per_post,USD,Fee for the first post
example-spend-2,example-campaign,example-creator-nano,,2025-03-01,product,60,gifting,USD,\
Product sent to the creator
example-spend-3,example-campaign,example-creator-micro,,2025-03-01,fee,1200,package,USD,\
"Placement fee: two videos, one code"
example-spend-4,example-campaign,example-creator-macro,example-post-5,2025-03-08,fee,2500,\
per_post,USD,Fee for the long video
example-spend-5,example-campaign,example-creator-macro,example-post-6,2025-03-21,ads,300,,\
USD,Paid boost of the short
example-spend-6,example-campaign,,,2025-03-01,agency,400,,USD,\
Campaign overhead: agency management
""",
    "affiliate_codes": """\
code,campaign_id,influencer_id,commission_rate,commission_flat,discount_rate
EXAMPLE-MICRO15,example-campaign,example-creator-micro,0.10,0,0.15
EXAMPLE-MACRO10,example-campaign,example-creator-macro,0.05,2.00,0.10
""",
    "orders": """\
order_id,code,ordered_at,revenue,refunded,currency
example-order-1,EXAMPLE-MICRO15,2025-03-05 21:10,54.00,false,USD
example-order-2,EXAMPLE-MICRO15,2025-03-06 09:45,89.50,false,USD
example-order-3,EXAMPLE-MICRO15,2025-03-16 13:20,42.00,true,USD
example-order-4,EXAMPLE-MACRO10,2025-03-09 18:30,120.00,false,USD
example-order-5,EXAMPLE-MACRO10,2025-03-21 11:05,75.20,false,USD
""",
}


def example_csv(table: str) -> str:
    """A small filled CSV for a contract table: the header in contract order, then rows."""
    if table not in TABLES:
        raise KeyError(f"no such table: {table!r}; choose one of {', '.join(TABLE_ORDER)}")
    return _EXAMPLES[table]


def examples_zip() -> bytes:
    """A zip of the six examples (<table>.csv) and the six empty templates/<table>.csv."""
    files = {f"{t}.csv": example_csv(t) for t in TABLE_ORDER}
    files.update({f"templates/{t}.csv": template_csv(t) for t in TABLE_ORDER})
    return _zip(files)


def template_zip() -> bytes:
    """A zip of the six empty templates, <table>.csv each."""
    return _zip({f"{t}.csv": template_csv(t) for t in TABLE_ORDER})


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # a fixed date: the same files always give the same bytes
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
