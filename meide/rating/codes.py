"""Plaque verification codes: random, easy to type (no 0/O/1/I), with a check character."""

import secrets

from ..errors import MeideError

# 32 characters: digits and capitals without 0, O, 1 and I, which people misread on a plaque.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PREFIX = "MD"
RANDOM_LENGTH = 7           # 32**7 ≈ 3.4e10 codes: guessing one of a few thousand plaques is hopeless
GROUP = 4


class CodeInvalid(MeideError, ValueError):
    """A typed code that cannot be a plaque's code; the message says what is wrong (Chinese)."""


def check_character(body: str) -> str:
    """Luhn mod 32 over body: any single mistyped character, and any swap of two neighbours,
    changes it, so a typo is caught instead of resolving to another plaque."""
    total, factor = 0, 2
    for char in reversed(body):
        value = factor * ALPHABET.index(char)
        total += value // len(ALPHABET) + value % len(ALPHABET)
        factor = 1 if factor == 2 else 2
    return ALPHABET[(len(ALPHABET) - total % len(ALPHABET)) % len(ALPHABET)]


def new_code() -> str:
    """A fresh code such as MD-7K3Q-9F2A (the last character is the check)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return present(body + check_character(body))


def present(chars: str) -> str:
    return f"{PREFIX}-{chars[:GROUP]}-{chars[GROUP:]}"


def normalise(typed: str) -> str:
    """The code as stored (MD-XXXX-XXXX) from what someone typed: any case, spaces or dashes,
    with or without MD. Raises CodeInvalid saying what to fix."""
    chars = "".join(ch for ch in (typed or "").upper() if not ch.isspace() and ch not in "-－—_")
    if not chars:
        raise CodeInvalid("请输入星级牌上的验证码，例如 MD-7K3Q-9F2A")
    if chars.startswith(PREFIX) and len(chars) != RANDOM_LENGTH + 1:
        chars = chars[len(PREFIX):]
    if len(chars) != RANDOM_LENGTH + 1:
        raise CodeInvalid(f"验证码应为“MD-”加 8 位字母数字（如 MD-7K3Q-9F2A），您输入了 {len(chars)} 位，"
                          "请对照星级牌核对")
    strange = sorted({ch for ch in chars if ch not in ALPHABET})
    if strange:
        hint = "（验证码中没有数字 0、1 和字母 O、I）" if set(strange) & set("01OI") else ""
        raise CodeInvalid(f"验证码中不会出现“{'、'.join(strange)}”{hint}，请对照星级牌核对")
    if check_character(chars[:-1]) != chars[-1]:
        raise CodeInvalid("验证码有误（校验位不符），可能有字符输错了，请对照星级牌逐位核对")
    return present(chars)
