"""The clinic's own details (name, phones, website, address) in one small TOML file."""
