"""Masking helpers: phone, ID number, name, address, and redaction for logs."""

from meide.privacy import mask_address, mask_id_number, mask_name, mask_phone, redact


def test_phone_keeps_first_three_and_last_four_digits():
    assert mask_phone("13812345678") == "138****5678"


def test_id_number_keeps_first_and_last_four_characters():
    assert mask_id_number("11010119900307123X") == "1101**********123X"


def test_names_keep_surname_and_last_character():
    assert mask_name("张晓华") == "张*华"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳晓华") == "欧**华"


def test_empty_and_short_values_are_starred_whole():
    assert mask_phone("") == "" and mask_phone(None) == ""
    assert mask_phone("12345") == "*****"
    assert mask_id_number("1234") == "****"


def test_address_keeps_the_building_and_hides_the_door():
    assert mask_address("书香苑1号楼2单元301") == "书香苑1号楼***"


def test_redact_drops_passwords_and_masks_numbers():
    safe = redact({"password_hash": "$argon2...", "phone": "13812345678",
                   "id_number": "11010119900307123X", "name": "张晓华"})
    assert safe == {"phone": "138****5678", "id_number": "1101**********123X", "name": "张晓华"}
