"""The contributor's commands: draft a sheet from a new article, find the incident a report
belongs to, explain an incident's derived figures, and diff two versions of the package.

Each is a library function the CLI calls once (cli/) and the tests use.
"""
