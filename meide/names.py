"""Chinese personal names: compound surnames (复姓) and splitting a name into surname and given name."""

# Compound surnames still met in rosters. Rare ones that read as a common surname plus a given
# name (单于, 乐正, 第五, 百里…) are left out: 单于丹 is far more likely 单 + 于丹.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "司徒",
    "长孙", "宇文", "万俟", "西门", "独孤", "南宫", "司空", "端木", "轩辕", "呼延", "澹台", "公冶",
    "宗政", "濮阳", "淳于", "申屠", "钟离", "鲜于", "闾丘", "拓跋",
)


def split_surname(name: str) -> tuple[str, str]:
    """('欧阳', '娜娜') for compound surnames, else the first character and the rest."""
    for surname in COMPOUND_SURNAMES:
        if name.startswith(surname) and len(name) > len(surname):
            return surname, name[len(surname):]
    return name[:1], name[1:]
