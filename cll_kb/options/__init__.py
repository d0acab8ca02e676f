"""`cllkb options`: which options care teams consider in a situation (knowledge/pathways.yaml).

matching says how a situation picks a rule, routing spots a situation in a free-text question,
view builds what every medium shows (screen, --json, handout).
"""
