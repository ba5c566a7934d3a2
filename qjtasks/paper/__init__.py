"""Paper in: the QR codes printed on sheets that come back, and reading scanned receipts.

`codes` makes and checks the text in each code (office, 督办编号, unit, sheet, check value from
the office's key); `scan` turns scanned PDFs and photos into decoded pages (zxing-cpp, no
database); `receipts` records the paper 签收 of each decoded receipt through the services.
No Qt here: the window runs `scan` in a worker and `receipts` in its own thread.
"""
