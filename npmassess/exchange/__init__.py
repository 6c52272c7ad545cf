"""Moving assessments between files and machines: JSON interchange, packages, kits, merge, import."""
