"""Pure logic behind the product-team reports: need themes, CSV, charts and PDF.

No Flask here: the reports blueprint and the CLI call these functions with plain data.
"""
