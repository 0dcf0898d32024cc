"""One module per schema revision, named NNNN_what.py with `revision = "NNNN"`."""
