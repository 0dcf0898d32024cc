"""Widgets shared by several screens: the star chart, the ladder, the list of scales."""
