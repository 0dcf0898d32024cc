"""What more than one command needs: errors, output, opening catalogs and the store, PDFs.

These helpers only translate between the terminal and the core (an argument into a Star, a
store error into one line); the rules they apply live in the core modules they call. No
helper imports a command module.
"""
