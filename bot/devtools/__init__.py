"""Developer tools: triage accuracy (`make eval`) and speed (`make bench`)."""
