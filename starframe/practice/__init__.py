"""Practice cases and sessions for trainers (cases are definitions; sessions are stored)."""
