"""The data of the printed plaque (building_plaque) and star board (star_board) of a closed period.

Frozen on the closing record without office and date: the printer adds who issues it and when.
"""

TITLE = "最美楼栋"


def plaque_data(holder: dict, history: list) -> dict:
    """The 最美楼栋流动牌 for the holder of the latest closed period in history (oldest first);
    the plaque names the period it is held through and lists every earlier holder."""
    latest = history[-1]
    return {"title": TITLE, "building": holder["building_name"],
            "community": holder["community_name"], "stars": holder["stars"],
            "period": latest["holds_for"], "holders": holders(history)}


def holders(history: list) -> list:
    """Every period of history (oldest first) that named a holder: the period, the building,
    its score."""
    return [{"period": doc["period"]["label"], "building": doc["holder"]["building_name"],
             "score": doc["holder"]["score"]} for doc in history if doc["holder"]]


def board_data(rows: list, period: dict, *, scope_name: str, holder: dict | None,
               weights: dict) -> dict:
    """The 信用星级榜: every building scored in the period with its stars and components."""
    return {"title": "信用星级榜", "subtitle": f"{scope_name}{period['label']}信用星级楼道评比",
            "period": period,
            "buildings": [{"building": row["building_name"], "community": row["community_name"],
                           "score": row["score"], "stars": row["stars"], "rank": row["rank"],
                           "members": row["members"], "inspection": row["inspection"],
                           "compliance": row["compliance"]} for row in rows],
            "holder": holder["building_name"] if holder else "",
            "weights": {name: round(100 * weight / sum(weights.values()))
                        for name, weight in weights.items()}}
