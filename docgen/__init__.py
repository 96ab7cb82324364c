"""docgen: Vietnamese administrative documents under Nghị định 30/2020/NĐ-CP.

Drafting from templates, an archive of issued documents, search and
cross-references. Importing the package loads nothing heavy; the command line
lives in docgen.cli.
"""

__version__ = "0.1.0"
