"""The diagnosis: findings with evidence and a prescription, as a coach would give them."""
