"""The quarterly scorecard's news line (action plan item 6.4): the council's (hromada's)
news items of the quarter against «at least one», on the council's row; 0 and «no» when
the portal has none."""
from __future__ import annotations

import csv
import io

from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ckanext.chervonohrad.performance import rating, scorecard
from tests.hromada.officers import SHEPTYTSKA
from tests.performance.test_oblast import _oblast, oblast  # noqa: F401  the crafted oblast

ROW = {"quarter": "2026Q1", "scope": "council", "name": None, "title": None, "datasets": 3, "avg_score": 70,
       "meets_share": 50, "on_time_share": 50, "coverage_applicable": 10, "coverage_published": 4,
       "coverage_overdue": 1, "median_response_hours": 5}
NEWS_COUNT = [label["uk"] for key, label in scorecard.COLUMNS].index("Новин за квартал (ціль: щонайменше одна)") + 1


def test_the_council_row_carries_the_news_count():
    publisher = dict(ROW, scope="publisher", name="finance", title="Фінанси")
    (_c, header, council), (_p, _h, publishers) = scorecard.sheets([ROW, publisher], [], "uk",
                                                                     {"count": 0, "met": False})
    assert header[NEWS_COUNT] == "Новин за квартал (ціль: щонайменше одна)"
    assert council[0][NEWS_COUNT:NEWS_COUNT + 2] == [0, "ні"]
    assert publishers[0][NEWS_COUNT:NEWS_COUNT + 2] == [None, None]
    (_c, english, council), _ = scorecard.sheets([ROW], [], "en", {"count": 2, "met": True})
    assert english[NEWS_COUNT].startswith("News items") and council[0][NEWS_COUNT:NEWS_COUNT + 2] == [2, "yes"]


def _table(app, url, user) -> list[list[str]]:
    body = app.get(url, headers={"Authorization": user["token"]}).body
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_the_hromadas_scorecard_counts_its_news_of_the_quarter(app, oblast):  # noqa: F811
    rating.take_snapshot("2025Q3")
    model.Session.commit()
    admin = factories.SysadminWithToken()
    url = f"/publishers/rating/scorecard/2025Q3.csv?hromada={SHEPTYTSKA}"
    assert _table(app, url, admin)[-1][NEWS_COUNT:NEWS_COUNT + 2] == ["0", "ні"]  # no news at all
    for day, hromada in (("2025-07-01", SHEPTYTSKA), ("2025-10-01", SHEPTYTSKA), ("2025-09-30", "")):
        call_action("chervonohrad_news_create", context={"user": admin["name"], "ignore_auth": False},
                    title=f"Новина {day}", body="Нові дані.", published=day, hromada=hromada)
    assert _table(app, url, admin)[-1][NEWS_COUNT:NEWS_COUNT + 2] == ["1", "так"]
    whole = _table(app, "/publishers/rating/scorecard/2025Q3.csv", admin)
    assert whole[-1][NEWS_COUNT:NEWS_COUNT + 2] == ["2", "так"]  # the oblast's row counts every post
