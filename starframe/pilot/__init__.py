"""The pilot report: does each scale of a Star edition under trial work? (docs/pilots.md)"""
