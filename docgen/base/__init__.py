"""The ground floor: the decree's rules, Vietnamese text, .docx and PDF tools, limits on
external programs, the error base class. Imports nothing else of docgen, archive or search."""
