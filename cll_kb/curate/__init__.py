"""From YAML to a validated KnowledgeBase, and the curators' linter (`cllkb validate`).

yaml_reader reads one file safely, schema checks fields, loader reads every layer and checks
what spans files, pathway_checks and readability add the special rules, store compiles the
result into the user's cache, validation reports it all.
"""
