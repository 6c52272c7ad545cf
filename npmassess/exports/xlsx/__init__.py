"""Excel exports (openpyxl): the assessment workbook and the comparison workbook."""
