"""Official statistics forms: the TT 18/2014 Art. 13 set and the Ministry's yearly table.

`layouts` (the rows of each form, data: shipped in planning/data/official_forms.json, changed
by the province in the admin), `figures` (the reads: daily counters through planning's
selectors, breakdowns through catalog's, circulation's, patrons' and network's selectors),
`sheets` (a form for a library and a period, row by row), `checks` (the columns agree),
`documents` (XLSX, PDF), `views` and `api`.
"""
