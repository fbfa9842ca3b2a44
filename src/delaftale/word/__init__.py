"""Word (.docx) input and output: the only package that imports python-docx or lxml."""
