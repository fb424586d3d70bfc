"""Reading a paper sign-in sheet: typed lines and spreadsheet rows, each row's own problems."""

from meide.registry.spreadsheet import read_rows, write_rows
from meide.volunteer import parse_rows, parse_text


def test_typed_lines_give_name_tail_and_hours():
    rows = parse_text("张晓华 2\n\n王伟，1234，1.5\n李秀英\t8:30 - 11:15\n欧阳建国 3 小时\n赵敏 123X 1")
    assert [(r.number, r.name, r.tail, r.hours) for r in rows] == [
        (1, "张晓华", "", 2), (3, "王伟", "1234", 1.5), (4, "李秀英", "", 2.5),
        (5, "欧阳建国", "", 3), (6, "赵敏", "123X", 1)]
    assert rows[2].times == ("08:30", "11:15") and all(r.ok for r in rows)


def test_each_bad_line_says_what_to_write():
    rows = parse_text("张晓华\n王伟 12 2\n李秀英 两小时\n赵敏 1.25\n刘洋 11:00-9:00\n孙丽 0\n"
                      "周杰 1 2 3 4")
    problems = {r.number: r.problems[0] for r in rows}
    assert problems[1].startswith("缺少时长")
    assert "不是手机号或身份证后四位" in problems[2]
    assert "不是小时数" in problems[3]
    assert "半小时的整数倍" in problems[4]
    assert "签退时间早于签到时间" in problems[5]
    assert problems[6] == "时长必须大于 0 小时"
    assert "内容太多" in problems[7]


def test_a_spreadsheet_with_a_title_row_and_times(tmp_path):
    path = tmp_path / "签到表.xlsx"
    write_rows(path, ["姓名", "手机号后四位", "签到", "签退"],
               [["张晓华", "5678", "08:30", "10:30"], ["王伟", "", "9:00", "9:20"], ["", "", "", ""]],
               title="星火志愿服务队 清扫楼道 签到表")
    rows, problems = parse_rows(read_rows(path))
    assert problems == []
    assert [(r.number, r.name, r.tail, r.hours) for r in rows] == [
        (3, "张晓华", "5678", 2), (4, "王伟", "", None)]
    assert "不足半小时" in rows[1].problems[0]


def test_a_csv_with_hours_and_a_full_phone_number(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("姓名,手机号,时长(小时)\n李秀英,13900001111,2.5\n", encoding="utf-8")
    rows, problems = parse_rows(read_rows(path))
    assert problems == [] and (rows[0].name, rows[0].tail, rows[0].hours) == ("李秀英", "1111", 2.5)


def test_a_sheet_without_a_header_is_refused(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("张晓华,2\n", encoding="utf-8")
    rows, problems = parse_rows(read_rows(path))
    assert rows == [] and "找不到表头" in problems[0]
