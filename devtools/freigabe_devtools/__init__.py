"""freigabe's development tools, a distribution of their own (``devtools/``): the Graph
simulator (``freigabe_devtools.graphsim``), ``freigabe demo`` (``freigabe_devtools.demo``),
``freigabe simulator`` and the Adaptive Card preview page (``freigabe_devtools.preview``).

The service never imports this package (an import-linter contract keeps it so); the
``freigabe`` command line finds the two commands through the entry-point group
``freigabe.commands`` when this distribution is installed.
"""
