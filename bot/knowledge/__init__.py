"""The knowledge base: laws, contacts and next steps, loaded from YAML into SQL and queried."""
