"""Presentation shared by the command lines and the screens: formats, tables, charts, workbook, report, sentences."""
