"""The plugin host: the hooks, loading plugins under a guard, and calling their hooks.

- `spec`: every hook a plugin may implement, with the `hookimpl` marker.
- `types`: what the hooks exchange (the sources, report sections and `register` callbacks).
- `host`: finds installed plugins, loads each one under the guard and records what happened.
- `guard`: runs plugin code with a time limit, any exception caught and its output kept.
- `calls`: calls one hook on each plugin in turn, with only the arguments it names.
- `sources`: which files a plugin may register, and how far a folder is searched.
- `rules`: the publication rules plugins add, each run under the guard.

The package sits just above `definition` (whose types its hooks carry) and beneath the catalog
and everything that uses it. Plugins never import it: their one import is
`starframe.plugin_api`, which the core in turn never imports.
"""
