"""python -m docgen.cli"""

from docgen.cli import main

main()
