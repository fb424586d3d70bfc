"""Verification codes of plaques (MD-…) and certificate numbers (ZS-…): random, easy to type
(no 0/O/1/I), with a check character."""

import secrets

from ..errors import MeideError

# 32 characters: digits and capitals without 0, O, 1 and I, which people misread on a plaque.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PREFIX = "MD"                # plaques
CERTIFICATE_PREFIX = "ZS"    # certificates (证书)
# What each prefix is printed on, as the messages about a mistyped code name it.
PAPER = {PREFIX: "星级牌", CERTIFICATE_PREFIX: "证书"}
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


def new_code(prefix: str = PREFIX) -> str:
    """A fresh code such as MD-7K3Q-9F2A (the last character is the check)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return present(body + check_character(body), prefix)


def present(chars: str, prefix: str = PREFIX) -> str:
    return f"{prefix}-{chars[:GROUP]}-{chars[GROUP:]}"


def _squeezed(typed: str) -> str:
    return "".join(ch for ch in (typed or "").upper() if not ch.isspace() and ch not in "-－—_")


def prefix_of(typed: str) -> str:
    """CERTIFICATE_PREFIX when what someone typed is a certificate number (ZS-…), else PREFIX."""
    chars = _squeezed(typed)
    is_certificate = chars.startswith(CERTIFICATE_PREFIX) and len(chars) > RANDOM_LENGTH + 1
    return CERTIFICATE_PREFIX if is_certificate else PREFIX


def normalise(typed: str, prefix: str = PREFIX) -> str:
    """The code as stored (MD-XXXX-XXXX, ZS-… for a certificate) from what someone typed: any
    case, spaces or dashes, with or without the prefix. Raises CodeInvalid saying what to fix."""
    paper = PAPER[prefix]
    example = present("7K3Q9F2A", prefix)
    chars = _squeezed(typed)
    if not chars:
        raise CodeInvalid(f"请输入{paper}上的验证码，例如 {example}")
    if chars.startswith(prefix) and len(chars) != RANDOM_LENGTH + 1:
        chars = chars[len(prefix):]
    if len(chars) != RANDOM_LENGTH + 1:
        raise CodeInvalid(f"验证码应为“{prefix}-”加 8 位字母数字（如 {example}），您输入了 {len(chars)} 位，"
                          f"请对照{paper}核对")
    strange = sorted({ch for ch in chars if ch not in ALPHABET})
    if strange:
        hint = "（验证码中没有数字 0、1 和字母 O、I）" if set(strange) & set("01OI") else ""
        raise CodeInvalid(f"验证码中不会出现“{'、'.join(strange)}”{hint}，请对照{paper}核对")
    if check_character(chars[:-1]) != chars[-1]:
        raise CodeInvalid(f"验证码有误（校验位不符），可能有字符输错了，请对照{paper}逐位核对")
    return present(chars, prefix)
