"""Domain: models, services and analytics as plain Python (no GUI, no Flask, no native imports)."""
