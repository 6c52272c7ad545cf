"""PDF exports (reportlab): the capability review, the award application, comparisons."""


def reset_fonts() -> None:
    """Forget the font choice (tests; after installing fonts): the next export searches again."""
    from npmassess.exports.pdf import fonts, styles, text
    for fn in (fonts.fonts, fonts.cjk_font, fonts._body_map, fonts._cjk_map, styles.styles):
        fn.cache_clear()
    text.clear_widths()
