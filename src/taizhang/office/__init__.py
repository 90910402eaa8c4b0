"""Office files: the Excel workbook (台账.xlsx)."""
