"""Pasted text becomes one note per line, bullets and list numbers stripped."""

from npmassess.textitems import is_multi_item, split_items, strip_bullet


def test_bullets_numbers_and_blank_lines():
    text = "- one\r\n* two\n\n• three  \n1. four\n2) five\n(iv) six\n\u2013 seven"
    assert split_items(text) == ["one", "two", "three", "four", "five", "six", "seven"]


def test_text_that_only_looks_like_a_bullet_is_kept():
    assert strip_bullet("-10 % costs") == "-10 % costs"
    assert strip_bullet("2026 budget") == "2026 budget"
    assert split_items("田中 & <Zoë>") == ["田中 & <Zoë>"]
    assert not is_multi_item("one line\n\n") and is_multi_item("a\nb")
