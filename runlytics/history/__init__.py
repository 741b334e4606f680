"""The history floor: an export's questions (fitness trend, layoffs, plateaus, phases, races)."""
