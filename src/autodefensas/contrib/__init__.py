"""The contributor's commands: draft a coding sheet, find an incident, explain, diff."""
