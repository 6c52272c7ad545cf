"""PDF exports (reportlab): the capability review, the award application, comparisons."""
