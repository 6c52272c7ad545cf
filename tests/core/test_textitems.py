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


def test_narrative_markup_blocks_runs_and_words():
    from npmassess.narrative import Run, parse, plain, runs, word_count
    text = "Intro **bold *both* x** and *it*.\nSecond line\n\n- one\n* two\n\n1. first\n[Figure: fig-1]\n2*3*4 a_b_c \\*x\\*"
    blocks = parse(text)
    assert [b.kind for b in blocks] == ["paragraph", "bullets", "numbered", "figure", "paragraph"]
    assert blocks[0].items[0] == [Run("Intro "), Run("bold ", True), Run("both", True, True), Run(" x", True), Run(" and "),
                                  Run("it", False, True), Run(".")]
    assert blocks[3].figure_id == "fig-1"
    assert runs("2*3*4 a_b_c \\*x\\*") == [Run("2*3*4 a_b_c *x*")]
    assert plain("- one **b**\n- two") == "• one b\n• two"
    assert word_count("- **Our** board\n[Figure: f]") == 2
    assert parse("plain text\n\nsecond paragraph <b>&")[1].items == [[Run("second paragraph <b>&")]]


def test_cycles_are_years_or_spans_and_sort_by_time(store):
    import pytest
    from npmassess.errors import ValidationError
    from npmassess.frameworks import library
    from npmassess.validation import check_cycle, cycle_key, parse_cycle
    assert parse_cycle("2026") == (2026, 2026) and parse_cycle(" 2026/27 ") == (2026, 2027)
    assert parse_cycle("2026-2027") == (2026, 2027) and parse_cycle("2099/00") == (2099, 2100)
    for bad in ("twenty-six", "26", "2026/25", "2026/2040", "1066", "2026/27/28", ""):
        assert parse_cycle(bad) is None, bad
    with pytest.raises(ValidationError, match="'twenty-six' is not a year or a span"):
        check_cycle("cycle", "twenty-six")
    assert sorted(["2026", "2025/26", "spring", "2024-25", "2025", "2026/27"], key=cycle_key) == \
        ["2024-25", "2025", "2025/26", "2026", "2026/27", "spring"]
    caf = library().get("caf")
    with pytest.raises(ValidationError, match="cycle"):
        store.create_assessment(caf, "O", "U", "twenty-six")
    aid = store.create_assessment(caf, "O", "U", "2026/27")
    with pytest.raises(ValidationError, match="cycle"):
        store.update_assessment(aid, cycle="next year")
    assert store.load(aid).cycle == "2026/27"
