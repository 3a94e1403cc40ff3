"""Rules that matter medically, as plain functions with no Flask in them,
so each can be unit-tested on its own and reviewed next to CONTENT.md."""
