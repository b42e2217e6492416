"""Glue Studio visual jobs: graphs in git (``glue_scripts/<job>.json``), the scripts rendered from them, their
validation, their publication onto the Studio canvas (UpdateJob) and the way back (pull, diff)."""
