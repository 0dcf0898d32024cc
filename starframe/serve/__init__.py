"""A training room in the browser: starframe's served apps behind textual-serve.

`address` decides where a room listens and what is said about it; `room` is the web server.
What a served tab can reach is decided in the app itself (`starframe.tui.reach`).
"""
