"""Models of this app arrive with its issue (see the roadmap in README.md)."""
