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
